"""Checking input files before anything is built from them.

:mod:`ipsim.schema.checker` holds the shared :class:`~ipsim.schema.checker.Checker`, which
collects every problem with its file, line and field; :mod:`ipsim.schema.plan`,
:mod:`ipsim.schema.scenario` and :mod:`ipsim.schema.observed` check each kind of file, one short
function per section, and hand plain values to the module that builds the objects.
"""
