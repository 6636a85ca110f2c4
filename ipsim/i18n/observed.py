"""The Chinese words an observed-data table may use: unit symbols and the qualifiers of a figure.

These are input, not labels: :mod:`ipsim.schema.observed` matches what a table says against
them, so they are plain tables here and no ``LABELS`` entry. A unit or a qualifier written a new
way is one more entry below.
"""

UNIT_SPELLINGS: tuple[tuple[str, str, float, str], ...] = (
    # (symbol as published, dimension, factor to the dimension's base unit, English name)
    ("件", "count", 1.0, "items"),
    ("件/年", "count", 1.0, "items per year"),
    ("万件", "count", 1e4, "10,000 items"),
    ("家", "count", 1.0, "units (firms, institutions)"),
    ("人", "count", 1.0, "people"),
    ("万人", "count", 1e4, "10,000 people"),
    ("项", "count", 1.0, "projects"),
    ("个", "count", 1.0, "items"),
    ("座", "count", 1.0, "sites"),
    ("类", "count", 1.0, "categories"),
    ("元", "money", 1.0, "CNY"),
    ("CNY", "money", 1.0, "CNY"),
    ("万元", "money", 1e4, "CNY 10,000"),
    ("亿元", "money", 1e8, "CNY 100 million"),
    ("%", "fraction", 0.01, "per cent"),
    ("比例", "fraction", 1.0, "fraction"),
    ("% yoy", "growth", 0.01, "per cent change on the year before"),
    ("件/万人", "density", 1.0, "per 10,000 people"),
    ("件/工作日", "rate_per_day", 1.0, "per working day"),
    ("分", "score", 1.0, "points"),
    ("千克", "mass", 1.0, "kg"),
    ("kg", "mass", 1.0, "kg"),
    ("吨", "mass", 1e3, "tonnes"),
)
"""Every unit a table may write (English symbols included, so the units are one table)."""

FULLWIDTH_TILDE = "～"
"""The range mark of Chinese text, read like "-" between two months ("Jan～Sep", "1～9月")."""

FLAG_WORDS_ZH: dict[str, str] = {
    # 超过 5000 件, 逾 300 家, 1.2 万余件 (not 余额, a balance), 300 多家, 5000 件以上
    "lower_bound": (
        r"超过?\s*[\d,.]+|逾\s*[\d,.]+|[\d,.]+\s*[万亿]?\s*余(?!额)|[\d,.]+\s*多[家个件项人万亿]"
        r"|以上"
    ),
    # 约 (not in 签约, 合约, 预约, ...), 左右
    "approximate": r"(?<![签契预制节合])约|左右",
    # 1-9月, 1至11月, 上半年, 前三季度, 截至10月
    "partial_year": (
        r"1\s*[-—–~～至]\s*([2-9]|1[01])\s*月|上半年|前[一二三]季度|截至([1-9]|1[01])月"
    ),
    "estimate": r"估计|估算|预计",
    "growth_rate": r"增长率|增速|同比",
}
"""Regular-expression alternatives, in Chinese, that mark each qualifier of a figure (joined to
the English ones in :mod:`ipsim.schema.observed`)."""

PERIOD_WORDS_ZH: dict[str, int] = {
    "全年": 12,
    "全年度": 12,
    "上半年": 6,
    "一季度": 3,
    "第一季度": 3,
    "前两季度": 6,
    "前三季度": 9,
}
"""Chinese names of a reference period running from January, and the month each ends in
(read by :func:`ipsim.schema.observed.parse_period`)."""

PERIOD_PATTERNS_ZH: tuple[str, ...] = (
    # 1-9月, 1～9月, 1至9月, 1—9月: January to September, a running total
    r"1\s*[-—–~～至]\s*(?P<end>\d{1,2})\s*月",
    # 截至9月底, 9月末: a level at the end of September
    r"(?:截至)?\s*(?P<end>\d{1,2})\s*月(?:底|末)",
)
"""Chinese forms of a period from January to a month, the month in the group ``end``."""

PERIOD_EXAMPLES_ZH = "1-9月, 上半年, 前三季度, 9月底"
"""Chinese periods an error message shows as examples of what a ``period`` cell may hold."""
