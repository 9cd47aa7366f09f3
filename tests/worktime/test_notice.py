"""Parsing the State Council's yearly notice, checked against chinesecalendar's 2026 data."""

import datetime as dt

import pytest
from django.core.management import call_command

from cityloop.core.errors import DomainError
from cityloop.worktime.models import CalendarYear
from cityloop.worktime.notice import parse_state_council_notice
from cityloop.worktime.seeding import chinesecalendar_special_days

NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作。
"""


def test_notice_2026__gives_exactly_the_librarys_2026():
    assert parse_state_council_notice(NOTICE_2026, 2026) == chinesecalendar_special_days(2026)


def test_notice__keeps_only_the_days_of_the_year_of_a_range_across_new_year():
    text = "一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。\n二、春节：1月21日至27日放假调休，共7天。1月28日（周六）、1月29日（周日）上班。"
    rows = parse_state_council_notice(text, 2023)
    assert rows[:2] == [(dt.date(2023, 1, 1), "holiday", "元旦"), (dt.date(2023, 1, 2), "holiday", "元旦")]
    assert len([row for row in rows if row[2] == "春节" and row[1] == "holiday"]) == 7
    assert rows[-1] == (dt.date(2023, 1, 29), "makeup_workday", "春节")


def test_notice__without_any_item_is_refused():
    with pytest.raises(DomainError) as raised:
        parse_state_council_notice("今天天气很好。", 2027)
    assert raised.value.code == "notice_unreadable"


def test_command__imports_a_notice_text(default_calendar, tmp_path):
    path = tmp_path / "notice.txt"
    text = "一、元旦：1月1日（周五）放假，与周末连休。\n二、春节：2月6日（周六）至12日放假调休，共7天。2月20日（周六）上班。\n"
    path.write_text(text, encoding="utf-8")
    call_command("import_calendar_year", "默认工作日历", "2027", str(path), "--notice")
    calendar_year = CalendarYear.objects.get(calendar=default_calendar, year=2027)
    assert calendar_year.special_days.count() == 1 + 7 + 1
