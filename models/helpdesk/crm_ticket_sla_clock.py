from bisect import bisect_right
from datetime import timedelta

from pytz import utc

SLA_STATUSES = [("ongoing", "Ongoing"), ("reached", "Reached"), ("failed", "Failed")]
# the warning window of tickets without team
DEFAULT_WARNING_HOURS = 1.0
# the SLA fields the cron recomputes when a deadline has passed
SLA_COMPUTED_FIELDS = (
    "sla_deadline_response",
    "sla_deadline_resolution",
    "sla_status_response",
    "sla_status_resolution",
    "sla_hours_response",
    "sla_hours_resolution",
    "sla_deadline_next",
    "sla_date_warning",
    "is_sla_failed",
)


class WorkClock:
    """The working time of one calendar (``None``: around the clock), read once for
    a whole batch of tickets: planning and measuring cost no query per ticket."""

    def __init__(self, calendar):
        self.calendar = calendar
        self.start = self.end = None
        self.starts, self.ends = [], []

    def load(self, start, end):
        """Read the working intervals between ``start`` and ``end`` (naive UTC)."""
        if not self.calendar or (
            self.start is not None and self.start <= start and end <= self.end
        ):
            return
        if self.start is not None:
            start, end = min(start, self.start), max(end, self.end)
        intervals = self.calendar._work_intervals_batch(
            start.replace(tzinfo=utc), end.replace(tzinfo=utc)
        )[False]
        pairs = [
            (
                a.astimezone(utc).replace(tzinfo=None),
                b.astimezone(utc).replace(tzinfo=None),
            )
            for a, b, _meta in intervals
        ]
        self.starts = [a for a, _b in pairs]
        self.ends = [b for _a, b in pairs]
        self.start, self.end = start, end

    def hours(self, start, end):
        """Working hours between two naive UTC datetimes."""
        if not start or not end or end <= start:
            return 0.0
        if not self.calendar:
            return (end - start).total_seconds() / 3600
        self.load(start, end)
        seconds = 0.0
        for index in range(bisect_right(self.ends, start), len(self.ends)):
            if self.starts[index] >= end:
                break
            span = min(self.ends[index], end) - max(self.starts[index], start)
            seconds += max(span.total_seconds(), 0.0)
        return seconds / 3600

    def plan(self, start, hours):
        """The moment ``hours`` working hours after ``start``, or None when the
        calendar has no working time in the next years."""
        if not self.calendar:
            return start + timedelta(hours=hours)
        # at least one working hour a day; read further when holidays eat it
        horizon = timedelta(days=max(7, hours))
        for _attempt in range(5):
            self.load(start, start + horizon)
            remaining = hours * 3600
            for index in range(bisect_right(self.ends, start), len(self.ends)):
                begin = max(self.starts[index], start)
                span = (self.ends[index] - begin).total_seconds()
                if span >= remaining:
                    return begin + timedelta(seconds=remaining)
                remaining -= span
            horizon *= 4
        return None
