"""The core language: typed expressions, conditions and limits that drafters write where the
clause catalogue runs out (定义, 须, 下表, 限额/限次/限年).

``nodes`` holds the frozen IR, ``units`` the dimension system that types it, ``typecheck`` the
checker's rules, ``scope`` which statements bind a provision, ``lower`` every provision (clauses
too) as a plan of core nodes, ``pysrc`` the Python source of the explained calculator, ``pyfast``
the amount-only function written from a plan, and ``render`` its Chinese rendering (shared by the
trace and the auditors' pages). The steps generated code calls are in the runtime
(``sjdsl.runtime.core_steps``).
"""
