"""The core language: typed expressions, conditions and limits that drafters write where the
clause catalogue runs out (定义, 须, 下表, 限额/限次/限年).

``nodes`` holds the frozen IR, ``units`` the dimension system that types it, ``typing`` the
checker's rules, ``pysrc`` its translation into Python source for the explained calculator, and
``render`` its Chinese rendering (shared by the trace and the auditors' pages).
"""
