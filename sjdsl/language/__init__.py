"""The language: grammar, parse, IR, check, fidelity, diagnostics, amendments."""
