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
        ("2021年03月09日10:42 | 来源:某某日报", "2021-03-09"),  # a time glued to the date
        ("发布时间:2020年09月22日16:40 来源: 某某网", "2020-09-22"),
        ("2017-02-20 15:50", "2017-02-20"),
        ("2014-3-7 15:20:41", "2014-03-07"),
        ("2017.02.20", "2017-02-20"),
        ("2017/2/20", "2017-02-20"),
        ("2021年6 月 18 日", "2021-06-18"),  # stray spaces
        ("2018年10月11日 星期四 放大 缩小", "2018-10-11"),  # a weekday after it
        ("2019-03-05(周二)", "2019-03-05"),
        ("某某频道 2022-08-16 09:12:05", "2022-08-16"),  # a channel name before it
        ("2021-01-14 11:03:52浏览次数:35", "2021-01-14"),  # a counter glued after it
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
    line = "来源:某某网 2018年10月11日 星期四 08:30 浏览"
    found = pagemeta.find_date(line)
    assert found is not None
    assert line[found.start : found.end] == "2018年10月11日 星期四 08:30"
    assert pagemeta.is_bare_date("2018年10月11日 星期四 08:30")
    assert not pagemeta.is_bare_date(line)
    lead = pagemeta.lead_date("2019-03-05 10:21   来源:某某网")
    assert lead is not None and lead.end == len("2019-03-05 10:21   ")


# ---------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("value", "source"),
    [
        ("某某日报", "某某日报"),
        ("某某商报字数:2310", "某某商报"),
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
        ("某某县委组织部   钟某伟", "钟某伟"),  # the affiliation, then the person
        ("何   平 吴某珊", "何   平 吴某珊"),  # printed padding inside a name stays
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
    line = "来自某某学院-陈某发布于:2021-01-14 11:03:52"
    found = pagemeta.poster(line)
    assert found is not None
    assert (cut(line, found[0]), found[1]) == ("陈某", "2021-01-14")
    assert pagemeta.poster("来自:某某网 2021-01-14") is None  # a keyed source, not a poster


@pytest.mark.parametrize(
    ("line", "outlet", "name"),
    [
        ("某某商报 2022-08-16 09:12:05", "某某商报", None),
        ("要闻 某某都市报 2020-10-13 08:21:40", "某某都市报", None),  # a channel before it
        ("2019-04-02 08:10 某某日报", "某某日报", None),
        ("某某日报·某某客户端 2021-06-18", "某某日报·某某客户端", None),
        ("www.example.com.cn  2009年04月12日 08:15:33  某某在线新闻网站", "某某在线新闻网站", None),
        ("2012年06月14日 16:05   来源:某某日报   刘某某", None, "刘某某"),
        ("上一版 2018年10月11日 星期四 放大 缩小", None, None),
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
        ("某报融媒记者 孙某", "孙某"),
        ("文/周小川", "周小川"),
        ("文/图 王某某", "王某某"),
        ("某某市民政局党组书记、局长 韩 梅", "韩 梅"),  # the post, then the name
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
        ("……取得较好效果。(田 某)", "田 某"),
        ("……成效明显。(某某区工商联党组)", "某某区工商联党组"),
        ("……交流会。(记者 刘某某)", "刘某某"),
        ("……开展了专题辅导。(作者:某某县委组织部   钟某伟)", "钟某伟"),
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
        ("新华社北京6月2日电(记者 吴某)记者从座谈会上获悉", "新华社", False, "吴某"),
        ("中新社某地8月3日电 (记者 白某)某部门发布公报称", "中新社", False, "白某"),
        ("人民网某地5月19日电  近年来,某某区坚持党建引领", "人民网", False, None),
        ("某某信息港讯 记者钱某 4月2日,某某服务站正式启用", "某某信息港", False, "钱某"),
        ("某某网讯(记者 王某 通讯员 赵某、钱某)近日", "某某网", False, "王某"),
        ("某某日报网讯(某某网记者孙某实习生赵某)5月8日上午", "某某日报网", False, "孙某"),
        ("某某网客户端—某某网消息(记者 何某 通讯员 杨某)长江边", "某某网", False, "何某"),
        ("某某在线4月24日讯(某某在线记者 方力)今年是", "某某在线", False, "方力"),
        ("本报讯(记者 于某)今年以来,某某街道着力", None, True, "于某"),
        ("本报某地讯(通讯员许某平)近年来", None, True, "许某平"),  # no reporter: the correspondent
        ("(通讯员:李某福) 12月7日下午,某某区召开论坛", None, False, "李某福"),
        ("近年来,某某区持续推进党建工作。", None, None, None),
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
        (None, "近年来,某县推进党建工作。截至2021年底,全县共有党员776名。", 2021),
        (None, "近年来,某区持续推进。2024年以来走访企业开展调研。", 2024),
        (None, "某县开展专项行动,2016年上半年新建党组织5个。", 2016),
        (None, "该中心2018年3月动工,2019年5月底建成并投入使用。", 2019),
        (None, "据2021年9月党内统计数据,全县共有党组织812个。", 2021),
        (None, "近日,某区召开座谈会。2018年11月20日上午,与会人员进行了交流。", 2018),
        (None, "某市开展集中攻坚,2021年新成立党支部4个、整顿软弱涣散党支部2个。", 2021),
        (None, "某协会成立于2011年,现有会员230余家。", None),  # an event of its history
        (None, "某县早在2009年就成立了工委。2015年,为了整合资源,县财政投入50万元。", None),
        (None, "某协会多次获奖。2020年被授予“省级示范社会组织”称号。", None),  # an award, no count
        (None, "某协会被评为2018-2019年度省级“五好”协会。", None),  # the end of a range
        (None, "党员人数比2019年底增加18%。", None),  # a base of comparison
        (None, "某所从2016年至今年8月多次组织律师开展普法。", None),
        (None, "某区印发《2017年度党建工作要点》。", None),  # inside a title
        (None, "今年以来,某街道新建党组织3个。", None),
        (None, "截至2016年底全区有党员3.2万名,2017年新发展党员1万名。", 2016),  # reference first
        (None, "2017年新发展党员1万名。截至2016年底全区有党员3.2万名。", 2017),  # the opening wins
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
        ("2021年03月09日10:42 | 来源:某某日报", "2021-03-09", "某某日报", None),
        ("某某商报 2022-08-16 09:12:05", "2022-08-16", "某某商报", None),
        ("要闻 某某都市报 2020-10-13 08:21:40", "2020-10-13", "某某都市报", None),
        ("作者: ■潘某 来源:某某商报 字数:2310", None, "某某商报", "潘某"),
        (
            "来源:某某组工报 发布时间:2021-11-23 10:16 作者:通讯员 廖某某 钟某某",
            "2021-11-23",
            "某某组工报",
            "廖某某 钟某某",
        ),
        ("来自某某学院-陈某发布于:2021-01-14 11:03:52", "2021-01-14", None, "陈某"),
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
        ("新华社北京6月2日电(记者 吴某)", "新华社", "吴某"),
        ("某某信息港讯 记者钱某 4月2日,", "某某信息港", "钱某"),
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
