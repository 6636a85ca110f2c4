"""ipsim: will a plan's quantified targets be met by their deadline, and what would it take?"""

__version__ = "0.1.0"
