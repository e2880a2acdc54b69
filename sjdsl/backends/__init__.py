"""The back ends: Python calculators, numpy/numba kernels, the auditors' pages."""
