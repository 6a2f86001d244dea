"""Splitting a page's text dump into metadata and body, on the seeds and on invented pages."""

import time

import opencc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miner.clean import CleanedPage, clean_text, html_to_text
from miner.decode import decode_bytes, normalize_text, simplified_shadow
from tests.conftest import SEEDS

S2T = opencc.OpenCC("s2t")

PARA1 = (
    "今年以来,某某市某某区坚持以“三联三促”行动为抓手,扎实推进非公企业党建工作。"
    "目前全区登记注册的非公企业中,已建立党组织56家,其中今年新建12家。"
)
PARA2 = (
    "区委组织部通过选派党建指导员、开展专题培训等方式,帮助企业党组织规范组织生活,"
    "全年共培训党务工作者300余人次,推动党的工作覆盖率达到85%。"
)
PARA3 = "下一步,该区将继续强化分类指导,不断提升非公企业党建工作水平。"


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


def check_body(text: str, result: CleanedPage, first: str, last: str) -> None:
    assert result.body == text[result.body_start : result.body_end]
    assert result.body.startswith(first), result.body[:60]
    assert result.body.rstrip().endswith(last), result.body[-60:]


# ---------------------------------------------------------------------------- the seeds


def _seed_text(name: str) -> str:
    return normalize_text(decode_bytes((SEEDS / name).read_bytes()).text)


def test_seeds_match_gold(gold: list[dict]) -> None:
    for g in gold:
        text = _seed_text(g["doc"])
        result = clean_text(text)
        got = {f: getattr(result, f) for f in ("title", "date", "source", "author")}
        assert got == {f: g[f] for f in got}, g["doc"]
        check_body(text, result, g["body_start"], g["body_end"])
        assert not result.warnings


def test_seed_sites() -> None:
    sites = {p.name: clean_text(_seed_text(p.name)).site for p in sorted(SEEDS.glob("*.txt"))}
    assert sorted(s for s in sites.values() if s) == ["浙江在线", "黑龙江党建"]


def test_traditional_seeds_through_the_shadow(gold: list[dict]) -> None:
    for g in gold:
        simplified = _seed_text(g["doc"])
        text = S2T.convert(simplified)
        assert len(text) == len(simplified)
        shadow = simplified_shadow(text)
        assert shadow is not None
        result = clean_text(text, shadow)
        plain = clean_text(simplified)
        assert (result.body_start, result.body_end) == (plain.body_start, plain.body_end)
        assert result.date == g["date"]
        for f in ("title", "source", "author"):  # cut from the traditional text, as printed
            assert getattr(result, f) == (S2T.convert(g[f]) if g[f] else None), (g["doc"], f)


def test_match_text_must_have_the_same_length() -> None:
    with pytest.raises(ValueError, match="same length"):
        clean_text("标题\n正文。", "标题")


# ---------------------------------------------------------------------------- invented pages


def test_gbk_page_end_to_end() -> None:
    text = page(
        "中共某某市委组织部",
        "当前位置:首页 > 工作动态 > 正文",
        "某某区“三联三促”推进非公企业党建",
        "发布时间:2018-06-12 09:30:00  来源:某某日报  作者:王晓明  浏览次数:128",
        PARA1,
        PARA2,
        PARA3,
        "【打印本页】 【关闭窗口】",
    )
    decoded = decode_bytes(text.encode("gbk"))
    assert decoded.encoding == "gb18030"
    result = clean_text(normalize_text(decoded.text))
    assert result.title == "某某区“三联三促”推进非公企业党建"
    assert (result.date, result.source, result.author) == ("2018-06-12", "某某日报", "王晓明")
    assert result.site == "中共某某市委组织部"
    check_body(text, result, "今年以来", "不断提升非公企业党建工作水平。")


def test_editor_line_after_the_body() -> None:
    text = page(
        "某某县开展非公企业党建指导员培训",
        "2019-04-02 来源:某某县委组织部",
        PARA1,
        PARA2,
        "责任编辑:李华 审核:张强",
        "上一篇:某某县召开党建工作推进会",
        "下一篇:某某县组织部开展主题党日活动",
    )
    result = clean_text(text)
    assert (result.date, result.source, result.author) == ("2019-04-02", "某某县委组织部", None)
    check_body(text, result, "今年以来", "覆盖率达到85%。")


def test_print_close_and_share_bars() -> None:
    text = page(
        "某某市非公企业党建工作现场会召开",
        "【字体:大 中 小】【打印】【关闭】",
        "分享到: 微信 微博 QQ空间",
        PARA1,
        PARA2,
        "分享到: 微信 微博 QQ空间",
        "【打印】【关闭】",
        "相关文章",
        "·某某市召开社会组织党建工作会议",
        "·某某县开展“七一”主题党日活动",
    )
    result = clean_text(text)
    assert result.title == "某某市非公企业党建工作现场会召开"
    check_body(text, result, "今年以来", "覆盖率达到85%。")


def test_footer_with_icp_and_copyright() -> None:
    text = page(
        "某某省社会组织党建工作综述",
        PARA1,
        PARA2,
        PARA3,
        "主办单位:中共某某省委组织部 技术支持:某某网络公司",
        "版权所有:中共某某省委组织部 Copyright © 2018 All Rights Reserved",
        "地址:某某市人民路1号 邮编:100000 电话:010-12345678",
        "京ICP备12345678号-1 京公网安备11010502000001号",
    )
    result = clean_text(text)
    check_body(text, result, "今年以来", "不断提升非公企业党建工作水平。")
    assert result.date is None and result.source is None


@pytest.mark.parametrize(
    ("printed", "iso"),
    [
        ("2019年3月5日", "2019-03-05"),
        ("2019年03月05日 10:21", "2019-03-05"),
        ("2017/2/20", "2017-02-20"),
        ("2017.02.20", "2017-02-20"),
        ("2017-02-20 15:50", "2017-02-20"),
    ],
)
def test_date_formats(printed: str, iso: str) -> None:
    text = page("某某区召开两新组织党建工作会议", f"发布日期:{printed}  来源:某某区政府网", PARA1)
    assert clean_text(text).date == iso


def test_bare_date_line_under_the_title() -> None:
    text = page("某某区召开两新组织党建工作会议", "2019年3月5日", PARA1, PARA2)
    result = clean_text(text)
    assert result.date == "2019-03-05"
    check_body(text, result, "今年以来", "覆盖率达到85%。")


def test_no_date_from_the_body_or_a_dateline_without_year() -> None:
    text = page(
        "某某区召开两新组织党建工作会议",
        "某某网5月19日讯 2017年5月19日,某某区召开两新组织党建工作推进会,部署下一步工作。",
        PARA2,
    )
    assert clean_text(text).date is None


def test_page_without_metadata() -> None:
    text = page("某某区扎实推进非公企业党建工作", PARA1, PARA2, PARA3)
    result = clean_text(text)
    assert result.title == "某某区扎实推进非公企业党建工作"
    assert (result.date, result.source, result.author, result.site) == (None, None, None, None)
    check_body(text, result, "今年以来", "不断提升非公企业党建工作水平。")
    assert not result.warnings


def test_title_with_commas_is_still_the_title() -> None:
    text = page("坚持党建引领,激发非公企业发展新活力", PARA1, PARA2)
    result = clean_text(text)
    assert result.title == "坚持党建引领,激发非公企业发展新活力"
    check_body(text, result, "今年以来", "覆盖率达到85%。")


def test_subtitle_yields_to_the_headline() -> None:
    text = page("党旗在非公企业高高飘扬", "——记某某集团党委书记张建国", "时间:2018-07-01", PARA1)
    assert clean_text(text).title == "党旗在非公企业高高飘扬"


def test_only_text_no_title() -> None:
    result = clean_text(PARA1 + "\n" + PARA2)
    assert result.title is None and "no title found" in result.warnings
    check_body(PARA1 + "\n" + PARA2, result, "今年以来", "覆盖率达到85%。")


def test_empty_page() -> None:
    for text in ("", "   \n\n\u3000\n"):
        result = clean_text(text)
        assert (result.body, result.title, result.body_start, result.body_end) == ("", None, 0, 0)
        assert result.warnings == ["empty page"]


def test_page_that_is_only_boilerplate() -> None:
    text = page(
        "当前位置:首页 > 党建动态 > 正文",
        "【打印】【关闭】",
        "分享到 微信 微博",
        "相关文章",
        "·某某县开展主题党日活动",
        "Copyright © 2018 某某网 版权所有",
    )
    result = clean_text(text)
    assert result.body == ""
    assert any("no article text" in w for w in result.warnings)


def test_contact_block_before_the_title() -> None:
    text = page(
        "联系我们",
        "地  址:某某市解放路88号\n邮  编:350001",
        "电  话:0591-87654321\n0591-87654322",
        "邮箱:dangjian@example.com",
        "某某市两新组织党建工作推进会召开",
        "来源:某某市两新工委 点击数: 日期:2018-05-24 17:01:55",
        PARA1,
        PARA2,
        "(来源:某某市两新工委)",
    )
    result = clean_text(text)
    assert result.title == "某某市两新组织党建工作推进会召开"
    assert (result.date, result.source) == ("2018-05-24", "某某市两新工委")
    check_body(text, result, "今年以来", "覆盖率达到85%。")


def test_source_note_closing_the_last_paragraph() -> None:
    text = page("某某区推进党建工作", PARA1, PARA2 + "(来源:某某区委组织部)", "【打印】")
    result = clean_text(text)
    assert result.source == "某某区委组织部"
    check_body(text, result, "今年以来", "覆盖率达到85%。")
    assert not result.body.endswith(")")


@pytest.mark.parametrize("unknown", ["未知", "本站", ""])
def test_unknown_source_is_null(unknown: str) -> None:
    text = page(
        "网站名", "当前位置:首页 > 正文", "某某区推进党建工作", f"来源:{unknown} 作者:管理员", PARA1
    )
    result = clean_text(text)
    assert (result.source, result.author) == (None, "管理员")


def test_site_is_the_source_when_none_is_printed() -> None:
    text = page("某某党建网", "您现在的位置:首页 >> 基层动态", "某某区推进党建工作", PARA1, PARA2)
    result = clean_text(text)
    assert (result.site, result.source, result.title) == (
        "某某党建网",
        "某某党建网",
        "某某区推进党建工作",
    )


@pytest.mark.parametrize(
    ("lines", "author"),
    [
        (["作者:陈思远"], "陈思远"),
        (["记者 欧阳晓 通讯员 王五"], "欧阳晓"),
        (["本报记者 刘洋"], "刘洋"),
        (["文/周小川"], "周小川"),
        (["赵立新"], "赵立新"),
    ],
)
def test_author_lines(lines: list[str], author: str) -> None:
    text = page("某某区推进党建工作", *lines, PARA1, PARA2)
    result = clean_text(text)
    assert result.author == author
    assert result.title == "某某区推进党建工作"
    check_body(text, result, "今年以来", "覆盖率达到85%。")


def test_author_from_the_dateline() -> None:
    text = page(
        "某某区推进党建工作",
        "某某日报讯(记者 孙丽 通讯员 钱江)" + PARA1,
        PARA2,
    )
    assert clean_text(text).author == "孙丽"


def test_no_author_from_a_workers_line() -> None:
    text = page("某某区推进党建工作", "党务工作者:100名", PARA1, "(作者单位:某某大学)")
    assert clean_text(text).author is None


def test_navigation_and_software_ads_after_the_body() -> None:
    text = page(
        "某某区推进党建工作",
        PARA1,
        PARA2,
        "党建软件 党建网站开发 智慧党建平台 党建管理系统 热线电话:010-12345678",
        "北京|上海|天津|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽",
    )
    check_body(text, clean_text(text), "今年以来", "覆盖率达到85%。")


def test_headings_inside_the_body_stay() -> None:
    text = page("某某区推进党建工作", PARA1, "一、强化组织覆盖", PARA2, "二、强化示范引领", PARA3)
    result = clean_text(text)
    assert "一、强化组织覆盖" in result.body and "二、强化示范引领" in result.body


# Page layouts: where the headline, the date, the source and the author stand around the
# site furniture, and where the article starts. (lines above the text, expected fields, the
# article's first words; PARA1 and PARA2 follow the lines.)
LAYOUTS = [
    pytest.param(
        [
            "某某网",
            "某某网>>某某频道>>要闻",
            "主抓四个方面15项具体任务",  # a kicker above the headline
            "某某区推动社会组织高质量发展",
            "2023年01月18日08:55 | 来源:某某日报",
            "小字号",
        ],
        ("某某区推动社会组织高质量发展", "2023-01-18", "某某日报", None),
        "今年以来",
        id="kicker, headline, date | source",
    ),
    pytest.param(
        ["促进“大融合”形成“强磁场”某某市打造商会“党建联盟”", "某某工商时报 2024-07-17 12:00:44"],
        ("促进“大融合”形成“强磁场”某某市打造商会“党建联盟”", "2024-07-17", "某某工商时报", None),
        "今年以来",
        id="outlet before the date",
    ),
    pytest.param(
        [
            "首页 > 新闻 > 要闻 > 正文",
            "某省登记社会组织30290家",
            "要闻 某某都市报 2025-11-05 07:05:36",
            "A1 A2 A3",
        ],
        ("某省登记社会组织30290家", "2025-11-05", "某某都市报", None),
        "今年以来",
        id="channel, outlet, date",
    ),
    pytest.param(
        [
            "党组织如何叩开商务楼宇大门",
            "2018-12-25 07:20 某某日报",
            "打印 放大 缩小",
            "来源标题:党组织如何叩开商务楼宇大门",
        ],
        ("党组织如何叩开商务楼宇大门", "2018-12-25", "某某日报", None),
        "今年以来",
        id="date, outlet, 来源标题",
    ),
    pytest.param(
        ["某某日报·某某客户端 2022-05-29", "某某区以党建引领新就业群体融合发展", "index_new5.html"],
        ("某某区以党建引领新就业群体融合发展", "2022-05-29", "某某日报·某某客户端", None),
        "今年以来",
        id="source line above the headline",
    ),
    pytest.param(
        [
            "第02版:要闻 上一版 下一版",
            "返回某某网首页 | 版面导航 | 标题导航",
            "上一版3  4下一版 2016年11月17日 星期四 放大 缩小 默认",
            "某某省某某市:",
            "“双千帮扶”力促社会组织党组织全覆盖",
            "记者李某平",
        ],
        ("某某省某某市:“双千帮扶”力促社会组织党组织全覆盖", "2016-11-17", None, "李某平"),
        "今年以来",
        id="e-paper: date in the navigation, headline over two lines after a place",
    ),
    pytest.param(
        [
            "关注我们",
            "某某网 > 某某新闻",
            "某某中心综合党委:打造有深度、有温度、有力度的党建高地",
            "发布时间:2019年12月16日18:15 来源: 某某网",
            "某某中心远景效果图。",
            "某某中心党群服务中心“三厅一长廊”。   摄影:严某",
            "某某网客户端—某某网消息(记者 董某雄 通讯员 杨某)" + PARA1,
        ],
        ("某某中心综合党委:打造有深度、有温度、有力度的党建高地", "2019-12-16", "某某网", "董某雄"),
        "某某网客户端",
        id="headline with commas, captions over the dateline",
    ),
    pytest.param(
        [
            "您当前的位置:首页 > 业界",
            "聚焦“三大领域” 打造“十大品牌” 某市推进党建工作",
            "来源:某市融媒体中心      时间:2023-07-03 20:35:23",
            "(资料图)",
        ],
        ("聚焦“三大领域” 打造“十大品牌” 某市推进党建工作", "2023-07-03", "某市融媒体中心", None),
        "今年以来",
        id="a caption under the metadata line",
    ),
    pytest.param(
        [
            "某某党建网>>党建>>创新案例",
            "某市:构建“1+5+X”领导体系 不断提升“两个覆盖”质量",
            "中共某某市委组织部",
            "2018年11月06日15:34    来源:人民网-某某频道",
            "一、背景与起因",
        ],
        (
            "某市:构建“1+5+X”领导体系 不断提升“两个覆盖”质量",
            "2018-11-06",
            "人民网-某某频道",
            "中共某某市委组织部",
        ),
        "一、背景与起因",
        id="office line, then a section heading opening the text",
    ),
    pytest.param(
        [
            "您当前的位置 :某某党建 正文",
            "一把钥匙开一把锁",
            "2014年06月04日    中国某某党建网",
            "一地一特色",
            "某县“个私经济”党建",
        ],
        ("一把钥匙开一把锁", "2014-06-04", "中国某某党建网", None),
        "一地一特色",
        id="unnumbered headings under the metadata line",
    ),
    pytest.param(
        [
            "党旗在非公企业高高飘扬",
            "时间:2018-07-01",
            "——记某某集团党委书记张建国",
            "打印 放大 缩小",
        ],
        ("党旗在非公企业高高飘扬", "2018-07-01", None, None),
        "今年以来",
        id="a subtitle and a row of controls under the metadata line",
    ),
    pytest.param(
        ["中国共产党党组织", "用户头像", "来自某某学院-陈某发布于:2020-11-29 12:24:26"],
        ("中国共产党党组织", "2020-11-29", None, "陈某"),
        "今年以来",
        id="a forum post's header",
    ),
    pytest.param(
        ["抓商会建设 促有效覆盖", "作者: ■潘某 来源:某某工商时报 字数:1654"],
        ("抓商会建设 促有效覆盖", None, "某某工商时报", "潘某"),
        "今年以来",
        id="bullet before the author, counter after the source",
    ),
    pytest.param(
        [
            "某某县召开两新党建工作会",
            "时间:2019-04-10    点击:225254",
            "作者:某某县委组织部   王某伟",
        ],
        ("某某县召开两新党建工作会", "2019-04-10", None, "王某伟"),
        "今年以来",
        id="author after the affiliation",
    ),
    pytest.param(
        [
            "某某市2577家规模企业党组织全覆盖",
            "www.example.com.cn  2007年02月25日 07:07:20  某某在线",
            "某某市2577家规模非公企业党组织全覆盖",
            "在团结职工、促进企业发展与和谐等方面发挥了重要作用",
        ],
        ("某某市2577家规模企业党组织全覆盖", "2007-02-25", "某某在线", None),
        "今年以来",
        id="headline repeated with its subtitle under the date line",
    ),
    pytest.param(
        ["某某区举办新兴组织党建论坛", "提升新兴组织党建水平"],
        ("某某区举办新兴组织党建论坛", None, None, None),
        "今年以来",
        id="a deck under the headline, no metadata",
    ),
    pytest.param(
        [
            "「党的建设」“条块融合” 某市律协抓党建有一套",
            "「党的建设」“条块融合” 某市律协抓党建有一套",
        ],
        ("“条块融合” 某市律协抓党建有一套", None, None, None),
        "今年以来",
        id="column label and a repeated headline",
    ),
    pytest.param(
        ["园区新闻_园区动态_新闻_某某工业园", "某区县同台话党建 互促互进助力地方经济"],
        ("某区县同台话党建 互促互进助力地方经济", None, None, None),
        "今年以来",
        id="the page's <title> above the headline",
    ),
    pytest.param(
        ["某某省某某市民政局党组书记、局长 李 萍"],
        (None, None, None, "李 萍"),
        "今年以来",
        id="only a byline above the text",
    ),
    pytest.param(
        ["某某县信息集散云平台"],
        (None, None, None, None),
        "今年以来",
        id="a site's name is no headline",
    ),
    pytest.param(
        [
            "某某省社会组织综合服务平台logo",
            "当前位置 首页  >   新闻资讯",
            "某省坚持高质量党建引领社会组织发展",
        ],
        ("某省坚持高质量党建引领社会组织发展", None, None, None),
        "今年以来",
        id="a logo's alt text is no site name",
    ),
    pytest.param(
        ["当前位置:首页 > 信息公开 > 建议提案办理结果公开", "尊敬的某某委员:"],
        (None, None, None, None),
        "尊敬的某某委员",
        id="a letter's salutation opens the text",
    ),
    pytest.param(
        [
            "抓商会建设 促有效覆盖",
            "来源:某某时报",
            "编者按:某某会议于近日召开,本报今起刊登发言材料。",
        ],
        ("抓商会建设 促有效覆盖", None, "某某时报", None),
        "编者按",
        id="an editor's note opens the text",
    ),
    pytest.param(
        ["某某县信息集散云平台", "信息发布 " + PARA1],
        (None, None, None, None),
        "今年以来",
        id="a column label in front of the first sentence",
    ),
    pytest.param(
        ["某某区召开两新组织党建工作会议", "2019年3月5日 星期二 来源:某某区政府网"],
        ("某某区召开两新组织党建工作会议", "2019-03-05", "某某区政府网", None),
        "今年以来",
        id="weekday after the date",
    ),
    pytest.param(
        ["某某区召开两新组织党建工作会议", "(2017年04月24日 05版)"],
        ("某某区召开两新组织党建工作会议", "2017-04-24", None, None),
        "今年以来",
        id="a newspaper's edition line",
    ),
    pytest.param(
        ["某某区召开两新组织党建工作会议", "Posted on March 5, 2019 by Some News"],
        ("某某区召开两新组织党建工作会议", "2019-03-05", None, None),
        "今年以来",
        id="English month name",
    ),
    pytest.param(
        [
            "热点新闻",
            "某某会议召开 2019-03-01",
            "某某活动举行 2019-03-02",
            "某某区召开两新组织党建工作会议",
            "某某日报 2019-03-05",
        ],
        ("某某区召开两新组织党建工作会议", "2019-03-05", "某某日报", None),
        "今年以来",
        id="a dated list above the headline",
    ),
    pytest.param(
        ["Party building in Some District", "Posted on March 5, 2019 by Some News"],
        ("Party building in Some District", "2019-03-05", None, None),
        "今年以来",
        id="English headline",
        marks=pytest.mark.xfail(strict=True, reason="a line without CJK is furniture"),
    ),
]


@pytest.mark.parametrize(("above", "fields", "first"), LAYOUTS)
def test_layouts(above: list[str], fields: tuple, first: str) -> None:
    text = page(*above, PARA1, PARA2)
    result = clean_text(text)
    assert (result.title, result.date, result.source, result.author) == fields
    check_body(text, result, first, "覆盖率达到85%。")


@pytest.mark.parametrize(
    ("lead", "header", "source", "author"),
    [
        ("新华社北京3月23日电(记者 周某某)", [], "新华社", "周某某"),
        ("某某信息港讯 记者栗飞 1月18日,", [], "某某信息港", "栗飞"),
        ("本报讯(记者 鲁某)", [], None, "鲁某"),  # 本报 names no paper here
        ("本报讯 3月20日,记者获悉,", ["返回主页 | 某某晚报 | 标题导航"], "某某晚报", None),
        ("本报讯 3月20日,记者获悉,", ["返回某某网首页 | 版面导航 | 标题导航"], None, None),
    ],
)
def test_source_and_author_from_the_dateline(
    lead: str, header: list[str], source: str | None, author: str | None
) -> None:
    text = page(*header, lead + PARA1, PARA2)
    result = clean_text(text)
    assert (result.source, result.author) == (source, author)
    assert result.body.startswith(lead[:4])


@pytest.mark.parametrize(
    ("tail", "author"),
    [
        ("(吕 磊)", "吕 磊"),
        ("(某某市总商会党委)", "某某市总商会党委"),
        ("(记者 刘某某)", "刘某某"),
    ],
)
def test_credit_closing_the_text(tail: str, author: str) -> None:
    text = page("某某区推进党建工作", PARA1, PARA2 + tail, "相关文章")
    result = clean_text(text)
    assert result.author == author
    check_body(text, result, "今年以来", "覆盖率达到85%。")


def test_reporter_line_under_the_text() -> None:
    text = page("某某区推进党建工作", PARA1, PARA2, "某报融媒记者 裴某", "3上一篇  下一篇4")
    assert clean_text(text).author == "裴某"


def test_reporter_padded_name_under_the_text() -> None:
    text = page(
        "某某区推进党建工作", "来源:某某中心", PARA1, PARA2, "审核:符某 龙某", "记者:林   精 吴某珊"
    )
    assert clean_text(text).author == "林   精 吴某珊"


def test_publication_stamp_under_the_text() -> None:
    text = page(
        "某某区推进党建工作", PARA1, PARA2, "版权声明 某某网", "825375 2017-03-21 00:00:00 二"
    )
    assert clean_text(text).date == "2017-03-21"


def test_a_bare_date_under_the_text_is_no_date() -> None:
    text = page("某某区推进党建工作", PARA1, PARA2, "某某区委组织部", "2017年3月21日")
    assert clean_text(text).date is None


def test_big5_page_end_to_end() -> None:
    traditional = page(
        "臺北市社會組織黨建工作會議召開",
        "發布日期:2019年3月5日  來源:臺灣新聞網  記者:林志明",
        "為進一步加強社會組織黨的建設,會議要求各單位認真貫徹落實,確保各項工作落到實處。",
        "會議指出,要堅持問題導向,推動社會組織黨建工作全面進步、全面過硬。",
        "【打印本頁】【關閉窗口】",
    )
    data = traditional.encode("big5")
    decoded = decode_bytes(data)
    assert decoded.encoding == "big5"
    text = normalize_text(decoded.text)
    shadow = simplified_shadow(text)
    assert shadow is not None
    result = clean_text(text, shadow)
    assert result.title == "臺北市社會組織黨建工作會議召開"
    assert (result.date, result.source, result.author) == ("2019-03-05", "臺灣新聞網", "林志明")
    assert result.body.startswith("為進一步") and result.body.endswith("全面過硬。")


HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>某某区推进非公企业党建工作_某某党建网</title>
<style>p { margin: 0 }</style><script>var a = "分享到";</script></head>
<body>
<div class="nav"><a href="/">首页</a> | <a>新闻</a> | <a>党建</a> | <a>专题</a></div>
<div class="crumb">当前位置:<a>首页</a> &gt; <a>工作动态</a> &gt; 正文</div>
<h1>某某区推进非公企业党建工作</h1>
<div class="info">发布时间:2018-06-12&nbsp;&nbsp;来源:某某日报&nbsp;&nbsp;作者:王晓明</div>
<div class="content">
<p>今年以来,某某市某某区坚持以“三联三促”行动为抓手,扎实推进非公企业党建工作。
目前全区已建立党组织56家。</p>
<p>区委组织部通过选派党建指导员等方式,帮助企业党组织规范组织生活,<br>
全年共培训党务工作者300余人次。</p>
</div>
<!-- 评论区 -->
<noscript>请启用JavaScript</noscript>
<div class="share">分享到: 微信 微博</div>
<div class="footer"><p>版权所有 某某党建网</p><p>京ICP备12345678号</p></div>
</body></html>"""


def test_html_to_text_one_block_a_line() -> None:
    text = html_to_text(HTML)
    lines = text.split("\n")
    assert lines[0] == "首页 | 新闻 | 党建 | 专题"  # <title> left out: the page has an <h1>
    assert "某某区推进非公企业党建工作" in lines
    assert "发布时间:2018-06-12\xa0\xa0来源:某某日报\xa0\xa0作者:王晓明" in lines
    assert "var a" not in text and "margin" not in text and "JavaScript" not in text
    assert "评论区" not in text
    # A source line break inside Chinese text is no break and no space; <br> is a break.
    assert "扎实推进非公企业党建工作。目前全区已建立党组织56家。" in text
    assert lines[-5:-3] == [
        "区委组织部通过选派党建指导员等方式,帮助企业党组织规范组织生活,",
        "全年共培训党务工作者300余人次。",
    ]


def test_html_page_through_clean_text() -> None:
    text = html_to_text(HTML)
    result = clean_text(text)
    assert result.title == "某某区推进非公企业党建工作"
    assert (result.date, result.source, result.author) == ("2018-06-12", "某某日报", "王晓明")
    check_body(text, result, "今年以来", "全年共培训党务工作者300余人次。")


def test_html_title_used_without_h1() -> None:
    html = (
        "<html><head><title>某某区推进党建工作</title></head>"
        "<body><p>正文第一段。</p></body></html>"
    )
    assert html_to_text(html).split("\n") == ["某某区推进党建工作", "正文第一段。"]


# ---------------------------------------------------------------------------- properties, speed

_LINES = st.sampled_from(
    [
        "",
        "   ",
        "\u3000\u3000",
        "当前位置:首页 > 新闻",
        "来源:某某网 作者:张三",
        "时间:2019-03-05",
        "【打印】【关闭】",
        "·相关链接",
        "分享到 微博",
        "某某区推进党建工作",
        "张三",
        "(来源:某某)",
        PARA1,
        PARA2,
        PARA3 + "(来源:某某日报)",
        "(记者 李四)" + PARA3,
    ]
)


@settings(max_examples=300)
@given(st.text())
def test_any_text_gives_a_slice(text: str) -> None:
    result = clean_text(text)
    assert result.body == text[result.body_start : result.body_end]
    assert 0 <= result.body_start <= result.body_end <= len(text)


@settings(max_examples=300)
@given(st.lists(_LINES, max_size=30), st.sampled_from(["\n", "\r\n", "\n\n"]))
def test_any_page_gives_a_slice(lines: list[str], sep: str) -> None:
    text = sep.join(lines)
    result = clean_text(text)
    assert result.body == text[result.body_start : result.body_end]
    assert result.body == result.body.strip()
    if result.date is not None:
        assert len(result.date) == 10


def test_clean_50_mb_is_fast() -> None:
    one = page(
        "当前位置:首页 > 正文",
        "某某区推进党建工作",
        "时间:2019-03-05 来源:某某网",
        PARA1,
        PARA2,
        "【打印】【关闭】",
        "·相关链接一",
    )
    text = one * (50_000_000 // len(one.encode("utf-8")))
    started = time.perf_counter()
    result = clean_text(text)
    assert time.perf_counter() - started < 20
    assert result.title == "某某区推进党建工作"
