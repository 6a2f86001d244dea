"""What a page says about itself, one line at a time: input line -> field (invented lines in
the shapes Chinese CMSs print)."""

import pytest

from miner import pagemeta
from miner.clean import clean_text
from miner.clean_html import clean_html


def cut(s: str, span: tuple[int, int] | None) -> str | None:
    return s[span[0] : span[1]] if span else None


# ---------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("2019年3月5日", "2019-03-05"),
        ("2023年01月18日08:55 | 来源:某某日报", "2023-01-18"),  # a time glued to the date
        ("发布时间:2019年12月16日18:15 来源: 某某网", "2019-12-16"),
        ("2017-02-20 15:50", "2017-02-20"),
        ("2013-1-5 14:37:10", "2013-01-05"),
        ("2017.02.20", "2017-02-20"),
        ("2017/2/20", "2017-02-20"),
        ("2022年5 月 29 日", "2022-05-29"),  # stray spaces
        ("2016年11月17日 星期四 放大 缩小", "2016-11-17"),  # a weekday after it
        ("2019-03-05(周二)", "2019-03-05"),
        ("某某频道 2024-07-17 12:00:44", "2024-07-17"),  # a channel name before it
        ("2020-11-29 12:24:26浏览次数:35", "2020-11-29"),  # a counter glued after it
        ("2021-03-05张某某", "2021-03-05"),  # the poster's name glued after it
        ("(2017年04月24日 05版)", "2017-04-24"),  # a newspaper's edition line
        ("March 5, 2019", "2019-03-05"),
        ("Posted on Mar. 5th, 2019 by admin", "2019-03-05"),
        ("5 September 2019", "2019-09-05"),
        ("Tuesday, 5 Sept 2019", "2019-09-05"),
        ("9/17/2004 5:54:13 AM", "2004-09-17"),  # month first only with its AM/PM time
        ("02/06/2022", None),
        ("2019-13-05", None),
        ("版本2.0 第3期", None),
        ("5月19日", None),  # no year: no date
    ],
)
def test_dates(line: str, iso: str | None) -> None:
    assert pagemeta.iso_date(line) == iso


def test_date_span_covers_its_time_and_weekday() -> None:
    line = "来源:某某网 2016年11月17日 星期四 08:30 浏览"
    found = pagemeta.find_date(line)
    assert found is not None
    assert line[found.start : found.end] == "2016年11月17日 星期四 08:30"
    assert pagemeta.is_bare_date("2016年11月17日 星期四 08:30")
    assert not pagemeta.is_bare_date(line)
    lead = pagemeta.lead_date("2019-03-05 10:21   来源:某某网")
    assert lead is not None and lead.end == len("2019-03-05 10:21   ")


# ---------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("value", "source"),
    [
        ("某某日报", "某某日报"),
        ("某某工商时报字数:1654", "某某工商时报"),
        ("某某网浏览次数:12", "某某网"),
        ("某某日报 | 作者:张三", "某某日报"),
        ("人民网-某某频道", "人民网-某某频道"),
        ("某某日报 刘某某", "某某日报"),  # a reporter's name after the outlet
        ("某某区委组织部 某某科", "某某区委组织部 某某科"),
    ],
)
def test_source_values(value: str, source: str) -> None:
    assert cut(value, pagemeta.source_span(value)) == source


@pytest.mark.parametrize(
    ("value", "author"),
    [
        ("陈思远", "陈思远"),
        ("■潘某某", "潘某某"),
        ("通讯员 廖某某 钟某某", "廖某某 钟某某"),
        ("本报记者 刘洋", "刘洋"),
        ("某某县委组织部   王某伟", "王某伟"),  # the affiliation, then the person
        ("林   精 吴某珊", "林   精 吴某珊"),  # printed padding inside a name stays
        ("欧阳晓 通讯员 王五", "欧阳晓"),
        ("图 王某某", "王某某"),  # 文/图 王某某: pictures by the same author
        ("张某某   2021-05-06 10:20", "张某某"),  # names only
        ("赵某[某某出版社]", "赵某"),
        ("赵 某:某某学院,北京", "赵 某"),
        ("樊某 张某超 记者惠某", "樊某 张某超"),
        ("zboy_girl", "zboy_girl"),
        ("", None),
    ],
)
def test_author_values(value: str, author: str | None) -> None:
    assert cut(value, pagemeta.author_span(value)) == author


def test_a_forum_posts_header() -> None:
    line = "来自某某学院-陈某发布于:2020-11-29 12:24:26"
    found = pagemeta.poster(line)
    assert found is not None
    assert (cut(line, found[0]), found[1]) == ("陈某", "2020-11-29")
    assert pagemeta.poster("来自:某某网 2020-11-29") is None  # a keyed source, not a poster


@pytest.mark.parametrize(
    ("line", "outlet", "name"),
    [
        ("某某工商时报 2024-07-17 12:00:44", "某某工商时报", None),
        ("要闻 某某都市报 2025-11-05 07:05:36", "某某都市报", None),  # a channel before it
        ("2018-12-25 07:20 某某日报", "某某日报", None),
        ("某某日报·某某客户端 2022-05-29", "某某日报·某某客户端", None),
        ("www.example.com.cn  2007年02月25日 07:07:20  某某在线新闻网站", "某某在线新闻网站", None),
        ("2013年07月25日 15:23   来源:某某日报   刘某某", None, "刘某某"),
        ("上一版 2016年11月17日 星期四 放大 缩小 默认", None, None),
    ],
)
def test_what_a_metadata_line_says_without_keys(
    line: str, outlet: str | None, name: str | None
) -> None:
    found = pagemeta.find_date(line)
    assert found is not None
    taken = [(found.start, found.end)]
    if "来源:" in line:
        at = line.index("来源:")
        taken.append((at, at + len("来源:某某日报")))
    got = pagemeta.loose_fields(line, taken)
    assert (cut(line, got[0]), cut(line, got[1])) == (outlet, name)


# ---------------------------------------------------------------------------- bylines


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("赵立新", "赵立新"),
        ("□ 张某某", "张某某"),
        ("■潘某", "潘某"),
        ("本报记者 刘洋", "刘洋"),
        ("记者李某平", "李某平"),
        ("某报融媒记者 裴某", "裴某"),
        ("文/周小川", "周小川"),
        ("文/图 王某某", "王某某"),
        ("某某市民政局党组书记、局长 李 萍", "李 萍"),  # the post, then the name
        ("中共某某市委组织部", "中共某某市委组织部"),  # an office as the author
        ("某某区推进非公企业党建工作", None),
        ("作者单位:某某大学", None),
        ("记者站:某某路1号", None),
        ("一、强化组织覆盖", None),
        ("强化政治引领,提升组织力", None),
    ],
)
def test_bylines(line: str, author: str | None) -> None:
    assert cut(line, pagemeta.byline(line)) == author


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("……取得明显成效。(吕 磊)", "吕 磊"),
        ("……得到充分肯定。(某某市总商会党委)", "某某市总商会党委"),
        ("……交流会。(记者 刘某某)", "刘某某"),
        ("……进行了培训。(作者:某某县委组织部   王某伟)", "王某伟"),
        ("……非公有制企业和社会组织(以下简称两新组织)", None),  # no sentence closed before it
        ("……工作。(完)", None),
        ("……工作。(作者单位:某某大学)", None),
        ("……工作。(下转第二版)", None),
    ],
)
def test_credits_closing_the_text(line: str, author: str | None) -> None:
    found = pagemeta.trailing_credit(line)
    assert (cut(line, found[1]) if found else None) == author
    if found:
        assert line[: found[0]].endswith("。")


@pytest.mark.parametrize(
    ("lead", "outlet", "own", "author"),
    [
        ("新华社北京3月23日电(记者 周某某)记者从会议上了解到", "新华社", False, "周某某"),
        ("中新社拉萨7月1日电 (记者 白某波)某某发布公报称", "中新社", False, "白某波"),
        ("人民网银川5月19日电  近年来,某某区坚持党建引领", "人民网", False, None),
        ("某某信息港讯 记者栗飞 1月18日,某某中心举行揭牌仪式", "某某信息港", False, "栗飞"),
        ("某某网讯(记者 王某 通讯员 赵某、钱某)近日", "某某网", False, "王某"),
        ("某某日报网讯(某某网记者金某乾实习生曹某旭)3月25日下午", "某某日报网", False, "金某乾"),
        ("某某网客户端—某某网消息(记者 董某雄 通讯员 杨某)长江边", "某某网", False, "董某雄"),
        ("某某在线4月24日讯(某某在线记者 方力)今年是", "某某在线", False, "方力"),
        ("本报讯(记者 鲁某)近年来,某某街道积极推动", None, True, "鲁某"),
        ("本报吉安讯(通讯员肖某平)近年来", None, True, "肖某平"),  # no reporter: the correspondent
        ("(通讯员:李某福) 12月7日下午,某某区召开论坛", None, False, "李某福"),
        ("近年来,某某区坚持把支部建在产业链上。", None, None, None),
    ],
)
def test_datelines(lead: str, outlet: str | None, own: bool | None, author: str | None) -> None:
    found = pagemeta.dateline(lead)
    if own is None:
        assert found is None
        return
    assert found is not None
    assert (cut(lead, found.outlet), found.own, cut(lead, found.author)) == (outlet, own, author)


# ---------------------------------------------------------------------------- the year


@pytest.mark.parametrize(
    ("date", "body", "year"),
    [
        ("2019-03-05", "截至2017年底,全市共有党组织120个。", 2019),  # the date's year first
        (None, "2017年,某省民政厅认真贯彻落实上级部署。", 2017),  # the text opens with it
        (None, "近年来,某市推进党建工作。截至2020年底,全区共有党员959名。", 2020),
        (None, "近年来,某区坚持党建引领。2025年以来深入企业开展调研。", 2025),
        (None, "某县开展专项行动,2016年上半年新建党组织5个。", 2016),
        (None, "该中心于2016年12月份开工建设,2017年6月底全部竣工并投入使用。", 2017),
        (None, "根据2022年6月最新党内统计数据,全市共有党组织935个。", 2022),
        (None, "近日,某区召开论坛。2017年12月7日下午,与会人员进行了交流。", 2017),
        (None, "某市深入开展专项行动,2020年新组建党支部3个、优化调整党支部7个。", 2020),
        (None, "某会成立于2008年,目前拥有会员400余家。", None),  # an event of its history
        (None, "某区早在2006年就建立了工委。2016年,为了发挥优势,区财政投入70万元。", None),
        (None, "某会多次获奖。2021年被评为“全国先进社会组织”。", None),  # an award, no count
        (None, "某会被评定为2017-2018年度全国“四好”商会。", None),  # the end of a range
        (None, "党组织数比2020年底增长26%。", None),  # a base of comparison
        (None, "某所从2015年至今年5月多次组织党员开展帮扶。", None),
        (None, "某区印发《2017年度党建工作要点》。", None),  # inside a title
        (None, "今年以来,某街道新建党组织3个。", None),
        (None, "截至2016年底共有党员30万名,2017年新发展党员1万名。", 2016),  # reference first
        (None, "2017年新发展党员1万名。截至2016年底共有党员30万名。", 2017),  # the opening wins
    ],
)
def test_report_year(date: str | None, body: str, year: int | None) -> None:
    assert pagemeta.report_year(date, body) == year


# ---------------------------------------------------------------------------- both cleaners

PARA1 = (
    "今年以来,某某市某某区坚持以“三联三促”行动为抓手,扎实推进非公企业党建工作。"
    "目前全区登记注册的非公企业中,已建立党组织56家,其中今年新建12家。"
)
PARA2 = (
    "区委组织部通过选派党建指导员、开展专题培训等方式,帮助企业党组织规范组织生活,"
    "全年共培训党务工作者300余人次,推动党的工作覆盖率达到85%。"
)
HEADLINE = "某某区推动两新组织党建高质量发展"


@pytest.mark.parametrize(
    ("line", "date", "source", "author"),
    [
        ("2023年01月18日08:55 | 来源:某某日报", "2023-01-18", "某某日报", None),
        ("某某工商时报 2024-07-17 12:00:44", "2024-07-17", "某某工商时报", None),
        ("要闻 某某都市报 2025-11-05 07:05:36", "2025-11-05", "某某都市报", None),
        ("作者: ■潘某 来源:某某工商时报 字数:1654", None, "某某工商时报", "潘某"),
        (
            "来源:某某中国组织人事报 发布时间:2022-02-07 15:29 作者:通讯员 廖某某 钟某某",
            "2022-02-07",
            "某某中国组织人事报",
            "廖某某 钟某某",
        ),
        ("来自某某学院-陈某发布于:2020-11-29 12:24:26", "2020-11-29", None, "陈某"),
        ("2019年3月5日 星期二 来源:某某区政府网", "2019-03-05", "某某区政府网", None),
        ("Posted on March 5, 2019 by Some News", "2019-03-05", None, None),
    ],
)
def test_one_metadata_line_read_alike_by_both_cleaners(
    line: str, date: str | None, source: str | None, author: str | None
) -> None:
    dump = clean_text("\n\n".join([HEADLINE, line, PARA1, PARA2]))
    html = clean_html(
        f"<html><head><title>{HEADLINE}_某某网</title></head><body><h1>{HEADLINE}</h1>"
        f"<div>{line}</div><p>{PARA1}</p><p>{PARA2}</p></body></html>"
    )
    for page in (dump, html):
        assert (page.title, page.date, page.source, page.author) == (HEADLINE, date, source, author)
        assert page.body.startswith("今年以来")


@pytest.mark.parametrize(
    ("lead", "source", "author"),
    [
        ("新华社北京3月23日电(记者 周某某)", "新华社", "周某某"),
        ("某某信息港讯 记者栗飞 1月18日,", "某某信息港", "栗飞"),
    ],
)
def test_a_dateline_read_alike_by_both_cleaners(lead: str, source: str, author: str) -> None:
    dump = clean_text("\n\n".join([HEADLINE, lead + PARA1, PARA2]))
    html = clean_html(
        f"<html><head><title>{HEADLINE}</title></head><body><h1>{HEADLINE}</h1>"
        f"<p>{lead}{PARA1}</p><p>{PARA2}</p></body></html>"
    )
    for page in (dump, html):
        assert (page.source, page.author) == (source, author)


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("某某区推进党建工作\n\n今年以来,某某区新建党组织3个,党员队伍不断壮大。", None),
        ("某某区推进党建工作\n\n截至2020年底,某某区共有党组织50个,党员1200名。", 2020),
        ("某某区推进党建工作\n\n时间:2021-05-06\n\n截至2020年底,某某区共有党组织50个。", 2021),
    ],
)
def test_the_records_year_and_its_warning(text: str, year: int | None) -> None:
    from miner.core import extract  # the whole pipeline: loaded only for this test

    record = extract(text)
    assert record.year == year
    assert any(w.startswith("no year") for w in record.warnings) == (year is None)
