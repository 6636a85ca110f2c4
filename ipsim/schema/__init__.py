"""Checking input files before anything is built from them: the shared :class:`Checker` that
collects every problem with its file, line and field, and the checks of each file kind."""
