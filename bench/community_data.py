"""Generated board content for bench/community_board.py: members, threads and replies, inserted in bulk.

Runs inside Django (the worker process). Bodies are 1 to 4 real sentences of
the demo articles in the post's language, pre-rendered with the board's own
renderer (community.markup.render) into a pool per language, so body_html is
what the board would store. The spread is a guess at a real board: topics
weighted towards work and visas, languages towards Vietnamese, Chinese and
Nepali, most threads in Gyeonggi-do cities, reply counts exponential around
the mean (a few long threads, many short ones), 97 % of threads and 98 % of
replies public. One thread (GeneratedBoard.LONG_THREAD) has exactly 200
public replies: the thread page measured.

Rows go in with COPY on PostgreSQL and executemany in one transaction on
SQLite; posts before their threads (Django's foreign keys are deferred to
the commit), so a thread row is written once with its final reply count and
last activity.
"""
import json
import random
import re
from datetime import timedelta
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

ROOT = Path(__file__).resolve().parent.parent
SENTENCE_END = re.compile(r"(?<=[.!?。！？।।])\s+|\n+")
TOPICS = {"employment": 25, "immigration": 22, "daily-life": 15, "healthcare": 12, "housing": 10, "education": 8,
          "welfare": 8}
LANGUAGES = {"vi": 20, "zh-hans": 12, "ne": 8, "th": 8, "km": 6, "id": 6, "uz": 6, "fil": 6, "en": 6, "ko": 6,
             "ru": 5, "si": 4, "ur": 4, "ja": 3}
MEMBERS = 20_000


def _weighted(rng, table):
    keys, weights = list(table), list(table.values())
    return lambda: rng.choices(keys, weights)[0]


class GeneratedBoard:
    LONG_THREAD = 1  # its id: 200 public replies, in employment, all public
    LONG_REPLIES = 200

    def __init__(self, seed=20261130):
        from community import markup
        from services.models import Region

        self.rng = random.Random(seed)
        self.topic = _weighted(self.rng, TOPICS)
        self.language = _weighted(self.rng, LANGUAGES)
        self.now = timezone.now()
        self.bodies, self.titles = {}, {}
        for code, sentences in self._sentences().items():
            pool = []
            for _ in range(300):
                text = " ".join(self.rng.choice(sentences) for _ in range(self.rng.randint(1, 4)))
                pool.append((text, markup.render(text)))
            self.bodies[code] = pool
            self.titles[code] = [s[:120].rstrip(".。 ") + "?" for s in sentences if 10 < len(s) < 200] or ["?"]
        regions = list(Region.objects.values_list("pk", "parent_id"))
        self.cities = [(pk, parent) for pk, parent in regions if parent is not None]
        self.provinces = [(pk, pk) for pk, parent in regions if parent is None]
        self.members = []
        self.next_post_id = 1

    @staticmethod
    def _sentences():
        found = {}
        for path in sorted((ROOT / "home" / "demo").glob("articles-*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                page = json.loads(line)
                text = f"{page['intro']}\n{page['body']}"
                found.setdefault(page["locale"], []).extend(
                    s.strip() for s in SENTENCE_END.split(text) if len(s.strip()) > 8)
        return found

    def add_members(self, count=MEMBERS):
        """count members (no password, no email login): authors of the generated posts."""
        from django.contrib.auth.models import User

        from accounts.models import Member

        users = User.objects.bulk_create([User(username=f"bench-{n}", password="!", email=f"bench-{n}@example.invalid")
                                          for n in range(count)], batch_size=5000)
        joined = lambda: self.now - timedelta(days=self.rng.uniform(30, 900))  # noqa: E731
        members = Member.objects.bulk_create([Member(user=user, nickname=f"Reader {n}", created_at=joined())
                                              for n, user in enumerate(users)], batch_size=5000)
        self.members = [member.pk for member in members]

    def trusted_poster(self):
        """The member who posts the measured replies: verified email, 90 days old, trusted by 40 public replies."""
        from allauth.account.models import EmailAddress
        from django.contrib.auth.models import User

        from accounts.models import Member

        user = User.objects.create_user(username="bench-poster", email="poster@example.invalid", password=None)
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        self.poster = Member.objects.create(user=user, nickname="Bench poster",
                                            created_at=self.now - timedelta(days=90))
        return self.poster

    # --- threads and replies ----------------------------------------------------

    def _region(self):
        draw = self.rng.random()
        if draw < 0.15:
            return None, None
        return self.rng.choice(self.provinces if draw < 0.2 else self.cities)

    def _reply_counts(self, thread_ids, statuses, total):
        """Replies per public thread, exponential around the mean, summing to exactly `total`."""
        public = [pk for pk in thread_ids if statuses[pk] == "approved" and pk != self.LONG_THREAD]
        fixed = self.LONG_REPLIES if self.LONG_THREAD in thread_ids else 0
        mean = max(0.0, (total - fixed) / max(1, len(public)))
        counts = {pk: int(self.rng.expovariate(1 / mean)) if mean else 0 for pk in public}
        difference = total - fixed - sum(counts.values())
        while difference and public:
            pk = self.rng.choice(public)
            step = 1 if difference > 0 else -1
            if counts[pk] + step >= 0:
                counts[pk] += step
                difference -= step
        if fixed:
            counts[self.LONG_THREAD] = fixed
        return counts

    def generate(self, first_id, last_id, replies):
        """Threads first_id..last_id (inclusive) with `replies` replies between them; (threads, replies) made."""
        from community.models import Post, Thread

        ids = range(first_id, last_id + 1)
        # Replies posted through the board in between took ids after ours.
        latest = Post.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        self.next_post_id = max(self.next_post_id, latest + 1)
        statuses = {pk: "approved" if pk == self.LONG_THREAD else self.rng.choices(
            ("approved", "pending", "hidden"), (97, 2, 1))[0] for pk in ids}
        counts = self._reply_counts(ids, statuses, replies)
        threads = []

        def posts():
            for pk in ids:
                thread, rows = self._thread(pk, statuses[pk], counts.get(pk, 0))
                threads.append(thread)
                yield from rows

        with transaction.atomic():
            made = _insert(Post, posts())
            _insert(Thread, iter(threads))
        _after_insert([Thread, Post])
        return len(threads), made - len(threads)

    def _thread(self, pk, status, reply_count):
        language = self.language()
        region, province = self._region()
        long_thread = pk == self.LONG_THREAD
        created = self.now - timedelta(days=20 if long_thread else self.rng.uniform(0, 730))
        author = self.rng.choice(self.members)
        text, html = self.rng.choice(self.bodies[language])
        rows = [self._post(pk, 0, author, text, html, language, status, created)]
        last_activity, public = created, 0
        times = sorted(created + timedelta(seconds=self.rng.uniform(60, 30 * 86400)) for _ in range(reply_count))
        for position, moment in enumerate(times, start=1):
            moment = min(moment, self.now - timedelta(minutes=1))
            reply_status = "approved" if long_thread else self.rng.choices(
                ("approved", "pending", "hidden", "deleted"), (980, 10, 5, 5))[0]
            written = language if self.rng.random() < 0.8 else self.rng.choice(("ko", "en"))
            text, html = self.rng.choice(self.bodies[written])
            by = self.poster.pk if long_thread and position <= 40 else self.rng.choice(self.members)
            rows.append(self._post(pk, position, by, text, html, written, reply_status, moment))
            if reply_status == "approved":
                public += 1
                last_activity = max(last_activity, moment)
        thread = {
            "id": pk, "topic": "employment" if long_thread else self.topic(), "region_id": region,
            "province_id": province, "title": self.rng.choice(self.titles[language]), "author_id": author,
            "language": language, "status": status, "created_at": created, "last_activity_at": last_activity,
            "reply_count": public, "last_position": reply_count,
        }
        return thread, rows

    def _post(self, thread, position, author, text, html, language, status, moment):
        pk, self.next_post_id = self.next_post_id, self.next_post_id + 1
        return {"id": pk, "thread_id": thread, "position": position, "author_id": author, "body_source": text,
                "body_html": html, "language": language, "status": status, "created_at": moment,
                "deleted_at": moment if status == "deleted" else None, "report_count": 0, "submission_token": ""}


def _insert(model, rows):
    """Insert dict rows (attname -> value; other fields get their defaults); returns how many."""
    fields = model._meta.concrete_fields
    defaults = {field.attname: field.get_default() for field in fields}
    attnames = [field.attname for field in fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([row.get(name, defaults[name]) for name in attnames])
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        adapt = {field.attname: connection.ops.adapt_datetimefield_value
                 for field in fields if field.get_internal_type() == "DateTimeField"}
        batch = []
        for row in rows:
            batch.append([adapt[name](row.get(name, defaults[name])) if name in adapt else row.get(name, defaults[name])
                          for name in attnames])
            if len(batch) >= 20_000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _after_insert(models):
    """Sequences past the explicit ids (PostgreSQL) and fresh planner statistics."""
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
        if connection.vendor == "postgresql":
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
