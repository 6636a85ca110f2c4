"""The version of ipsim, in one place (read by the build, the CLI and every JSON it writes)."""

__version__ = "0.1.0"
