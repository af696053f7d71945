"""Output kinds: each module registers one producer with :func:`ocop_site.plan.producer`.

The build imports every module of this package, so adding an output kind is
adding a module here; see :mod:`ocop_site.plan` for what a producer yields
and :mod:`ocop_site.outputs.robots` for the smallest example.
"""
