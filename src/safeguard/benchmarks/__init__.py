"""The published statistics a council is compared with, and the comparison itself.

``loader.load_benchmarks(folder)`` imports DfE's LAIT data and dictionary, the council list,
the statistical neighbours, ONS populations and Ofsted's grades (``sources`` reads each file);
``comparison.benchmark(data, la_number, indicators)`` sets a council beside England, its region
and the mean of its neighbours, with LAIT's rank and quartile band (``ranking``);
``own_figures`` works out a council's own yearly figures from its snapshots.
"""
