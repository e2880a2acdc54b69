"""sjdsl: a policy-as-code language and compiler for industrial support policies (产业扶持政策).

    from sjdsl import load_policy
    policy = load_policy("policies/songjiang-terminal-2024")
    result = policy.evaluate("1.1", date="2026-03-15",
                             inputs={"fixed_asset_investment": "250000000"})
    result.amount          # Decimal('30000000.00')
    result.to_json()       # the evaluation contract's JSON object
"""

from sjdsl.diagnostics import CompileError, Diagnostic
from sjdsl.driver import load_policy
from sjdsl.requests import Grant, RequestError
from sjdsl.runtime import CompiledPolicy, Result

__all__ = [
    "CompileError", "CompiledPolicy", "Diagnostic", "Grant", "RequestError", "Result",
    "load_policy",
]
__version__ = "0.1.0"
