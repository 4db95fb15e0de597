"""Small-count suppression for the public statistics, so that no resident can be singled out.

The public tables have one column per month and one row per language,
region or topic, and each month's total under them. Rules, per month column:

1. Primary: a count from 1 to threshold − 1 is withheld and shown as "<5"
   (threshold = settings.HELPDESK_SUPPRESS_BELOW). Zeros are shown: they
   single no one out. A month total below the threshold is withheld too.
2. Secondary: with the month's total published, one withheld cell could be
   worked out as the total minus the cells shown. So more cells of the same
   month are withheld (shown as "x"), smallest first, until every small
   count has at least two possible values for a reader who knows the total,
   the cells shown, that a "<5" cell holds 1 to threshold − 1, that an "x"
   cell holds at least the threshold, and that "x" cells are the smallest
   ones not shown (`is_protected` checks exactly that).
3. If even withholding every non-zero cell leaves a small count determined
   (e.g. five cells of 1 under a total of 5), the whole column is shown as
   "x", zeros included, so the reader no longer knows which rows hold cases.

No totals over a range of months are published: with a reader choosing the
range, the totals of two ranges differing by one month would give that
month's withheld cell. Every decision depends on one month's column alone,
so a cell reads the same whatever range it is shown in, and the month's
total is the same in the language, region and topic tables.
"""
PRIMARY = "primary"
SECONDARY = "secondary"


def is_primary(value, threshold):
    return 0 < value < threshold


def is_protected(values, flags, threshold):
    """Whether each primary cell has at least two values consistent with what is published.

    The withheld cells sum to S (the total minus the cells shown). A primary
    lies in [1, threshold − 1]; a secondary in [threshold, M], M being the
    smallest non-zero cell shown (secondaries are the smallest cells), or
    unbounded when none is shown. Every bound being an interval, the values a
    primary can take form the interval [lowest, highest] below, the same for
    every primary of the column.
    """
    primaries = flags.count(PRIMARY)
    if not primaries:
        return True
    secondaries = flags.count(SECONDARY)
    total = sum(value for value, flag in zip(values, flags) if flag)
    shown = [value for value, flag in zip(values, flags) if not flag and value > 0]
    others = primaries - 1
    highest = min(threshold - 1, total - others - secondaries * threshold)
    if secondaries and not shown:
        lowest = 1  # the secondaries could hold any amount
    else:
        lowest = max(1, total - others * (threshold - 1) - secondaries * (min(shown) if shown else 0))
    return highest > lowest


def protect_column(values, threshold):
    """(flags of the cells, flag of the total) for one month's column; a flag is "", PRIMARY or SECONDARY."""
    if threshold <= 1:
        return [""] * len(values), ""
    total = sum(values)
    flags = [PRIMARY if is_primary(value, threshold) else "" for value in values]
    if is_primary(total, threshold):
        return flags, PRIMARY  # nothing to subtract from: every non-zero cell is below the threshold too
    if PRIMARY not in flags:
        return flags, ""
    while not is_protected(values, flags, threshold):
        hidden_by = [index for index, value in enumerate(values) if not flags[index] and value > 0]
        if not hidden_by:
            return [SECONDARY] * len(values), ""
        flags[min(hidden_by, key=lambda index: (values[index], index))] = SECONDARY
    return flags, ""
