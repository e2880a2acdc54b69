"""sjdsl: a policy-as-code language and compiler for industrial support policies (产业扶持政策).

    from sjdsl import load_policy
    policy = load_policy("policies/songjiang-terminal-2024")
    result = policy.evaluate("1.1", date="2026-03-15",
                             inputs={"fixed_asset_investment": "250000000"})
    result.amount          # Decimal('30000000.00')
    result.to_json()       # the evaluation contract's JSON object
"""

from typing import TYPE_CHECKING, Any

from sjdsl.runtime.compiled import CompiledPolicy, Result
from sjdsl.runtime.requests import Grant, RequestError

if TYPE_CHECKING:
    from sjdsl.language.diagnostics import CompileError, Diagnostic
    from sjdsl.tools.driver import load_policy

__all__ = [
    "CompileError", "CompiledPolicy", "Diagnostic", "Grant", "RequestError", "Result",
    "load_policy",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """The compiler is imported on first use: a program that only runs generated calculators
    (or `sjdsl eval` on a cached policy) never loads the parser, checker and doc generator."""
    if name == "load_policy":
        from sjdsl.tools.driver import load_policy

        return load_policy
    if name in ("CompileError", "Diagnostic"):
        from sjdsl.language import diagnostics

        return getattr(diagnostics, name)
    raise AttributeError(f"module 'sjdsl' has no attribute {name!r}")
