from django.db import models


class RateCounter(models.Model):
    """One fixed window of one rate limit (e.g. verification look-ups of an address in one minute).

    Kept in the database rather than the cache because it must count exactly across every worker and
    every app server: the cache's `incr` is a read followed by a write, and two workers between them
    lose a count; here the increment is a single UPDATE ... SET count = count + 1.
    """

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
