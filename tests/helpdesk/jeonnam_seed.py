"""The Jeonnam foreign resident call centre's first two months (January–February 2024), as a fixture.

Source: ../shared/seeds/000_*.txt (Asia Business Daily, on the province's
announcement): 899 consultations; by language Vietnamese 275, Korean 236; by
region Yeongam 300, Mokpo 188; by topic immigration 86, Korean language
education 79; by who called 368 Korean nationals and 127 foreign workers.

The article gives only the leading figures of each table. The remainders are
filled here, and marked as ours, so that every table adds up to 899:

- languages: the other 388 among the languages the centre hired counsellors
  for (Chinese, Indonesian, Khmer, Nepali) and English, each below Korean;
- regions: the other 411 among Jeonnam cities and counties the article or the
  province names (Suncheon, Yeosu, Gwangyang, Naju, Haenam), 15 that named the
  province but no city, and 15 that gave no region;
- topics: "Korean language education" is a part of the portal's education
  area, so education = 79; the other 734 go to the portal's five other areas.
  The centre's own topic list is finer than the portal's seven areas, so its
  "most common" order cannot hold here; the two published figures do;
- who called: the other 404 are marriage migrants, students and others;
- months: 412 in January and 487 in February; channel: all by phone (a call
  centre); 45 referred to partner experts; 850 answered, the k-th fastest
  after k minutes (so the median is 425.5 minutes and p90 765.1 minutes),
  49 not answered yet.
"""
import datetime
import random

from helpdesk.constants import Channel, ResidentType, Status

TOTAL = 899
START, END = datetime.date(2024, 1, 1), datetime.date(2024, 3, 1)

LANGUAGES = {"vi": 275, "ko": 236, "zh-hans": 120, "id": 98, "km": 80, "ne": 60, "en": 30}
# (code, Korean name, English name, kind, latitude, longitude): approximate centroids.
PROVINCE = ("KR-46", "전라남도", "Jeollanam-do", "province", 34.87, 126.99)
PLACES = (
    ("KR-46830", "영암군", "Yeongam", "county", 34.80, 126.70),
    ("KR-46110", "목포시", "Mokpo", "city", 34.81, 126.39),
    ("KR-46150", "순천시", "Suncheon", "city", 34.95, 127.49),
    ("KR-46130", "여수시", "Yeosu", "city", 34.76, 127.66),
    ("KR-46230", "광양시", "Gwangyang", "city", 34.94, 127.70),
    ("KR-46170", "나주시", "Naju", "city", 35.02, 126.71),
    ("KR-46820", "해남군", "Haenam", "county", 34.57, 126.60),
)
REGIONS = {"KR-46830": 300, "KR-46110": 188, "KR-46150": 120, "KR-46130": 95, "KR-46230": 70, "KR-46170": 56,
           "KR-46820": 40, "KR-46": 15, None: 15}
TOPICS = {"immigration": 86, "education": 79, "employment": 260, "healthcare": 170, "daily-life": 140,
          "welfare": 94, "housing": 70}
RESIDENT_TYPES = {ResidentType.KOREAN_NATIONAL: 368, ResidentType.FOREIGN_WORKER: 127,
                  ResidentType.MARRIAGE_MIGRANT: 150, ResidentType.STUDENT: 54, ResidentType.OTHER: 200}
MONTHS = {datetime.date(2024, 1, 1): 412, datetime.date(2024, 2, 1): 487}
CHANNELS = {Channel.PHONE: TOTAL}
REFERRED = 45
ANSWERED = 850
MEDIAN = datetime.timedelta(minutes=425.5)
P90 = datetime.timedelta(minutes=765.1)

SEOUL = datetime.timezone(datetime.timedelta(hours=9))

for table in (LANGUAGES, REGIONS, TOPICS, RESIDENT_TYPES, MONTHS, CHANNELS):
    assert sum(table.values()) == TOTAL, table


def create_regions():
    """Jeollanam-do and the seven cities and counties of the fixture: {code: Region}."""
    from services.models import Region

    def make(code, korean, english, kind, latitude, longitude, parent=None):
        region, _created = Region.objects.update_or_create(code=code, defaults=dict(
            kind=kind, parent=parent, names={"ko": korean, "en": english}, latitude=latitude, longitude=longitude,
            south=latitude - 0.3, west=longitude - 0.3, north=latitude + 0.3, east=longitude + 0.3,
        ))
        return region

    province = make(*PROVINCE)
    return {"KR-46": province, **{place[0]: make(*place, parent=province) for place in PLACES}}


def expand(table, rng):
    """The table's keys, each repeated as often as it counts, in a shuffled order."""
    values = [key for key, count in table.items() for _ in range(count)]
    rng.shuffle(values)
    return values


def created_times():
    """899 creation times: January's last case a second before midnight and February's first at midnight (Seoul).

    In UTC both fall on 31 January, so counting months in UTC would be off by one.
    """
    times = []
    for month, count in MONTHS.items():
        start = datetime.datetime.combine(month, datetime.time(0, 0), tzinfo=SEOUL)
        end = datetime.datetime.combine((month + datetime.timedelta(days=32)).replace(day=1), datetime.time(0, 0),
                                        tzinfo=SEOUL)
        step = (end - start) / count
        times += [start + step * index for index in range(count - 1)] + [end - datetime.timedelta(seconds=1)]
    return times


def cases(regions, seed=2024):
    """The 899 unsaved Case objects of the fixture."""
    from helpdesk.models import Case

    rng = random.Random(seed)
    languages, places, topics, types = (expand(table, rng) for table in (LANGUAGES, REGIONS, TOPICS, RESIDENT_TYPES))
    referred = set(rng.sample(range(TOTAL), REFERRED))
    answered = rng.sample(range(TOTAL), ANSWERED)
    minutes_to_answer = {index: rank + 1 for rank, index in enumerate(answered)}  # 1, 2, ... 850 minutes
    result = []
    for index, created in enumerate(created_times()):
        minutes = minutes_to_answer.get(index)
        result.append(Case(
            code=f"SEED{index:05d}", created_at=created, language=languages[index],
            region=regions[places[index]] if places[index] else None, topic=topics[index], channel=Channel.PHONE,
            resident_type=types[index], status=Status.CLOSED if minutes else Status.NEW, referred=index in referred,
            first_answered_at=created + datetime.timedelta(minutes=minutes) if minutes else None,
        ))
    return result


def load():
    """Create the regions and the 899 cases; returns the regions by code."""
    from helpdesk.models import Case

    regions = create_regions()
    Case.objects.bulk_create(cases(regions))
    return regions
