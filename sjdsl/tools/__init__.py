"""The tools: the command line, driver, cache, ledger, simulation, service, editor."""
