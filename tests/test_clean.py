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
            "明确三个方面12项重点工作",  # a kicker above the headline
            "某某区推进行业协会党建提质增效",
            "2021年03月09日10:42 | 来源:某某日报",
            "小字号",
        ],
        ("某某区推进行业协会党建提质增效", "2021-03-09", "某某日报", None),
        "今年以来",
        id="kicker, headline, date | source",
    ),
    pytest.param(
        ["凝聚“红色合力” 某某市组建商会“党建共同体”", "某某商报 2022-08-16 09:12:05"],
        ("凝聚“红色合力” 某某市组建商会“党建共同体”", "2022-08-16", "某某商报", None),
        "今年以来",
        id="outlet before the date",
    ),
    pytest.param(
        [
            "首页 > 新闻 > 要闻 > 正文",
            "某省备案社区社会组织1.2万个",
            "要闻 某某都市报 2020-10-13 08:21:40",
            "B1 B2 B3",
        ],
        ("某省备案社区社会组织1.2万个", "2020-10-13", "某某都市报", None),
        "今年以来",
        id="channel, outlet, date",
    ),
    pytest.param(
        [
            "党建如何走进园区企业",
            "2019-04-02 08:10 某某日报",
            "打印 放大 缩小",
            "来源标题:党建如何走进园区企业",
        ],
        ("党建如何走进园区企业", "2019-04-02", "某某日报", None),
        "今年以来",
        id="date, outlet, 来源标题",
    ),
    pytest.param(
        ["某某日报·某某客户端 2021-06-18", "某某区以党建凝聚快递小哥力量", "tpl_index_2.html"],
        ("某某区以党建凝聚快递小哥力量", "2021-06-18", "某某日报·某某客户端", None),
        "今年以来",
        id="source line above the headline",
    ),
    pytest.param(
        [
            "第03版:综合 上一版 下一版",
            "进入某某网 | 版面导航 | 往期回顾",
            "上一版 下一版 2018年10月11日 星期四 放大 缩小",
            "某某省某某市:",
            "“百企结对”推动行业协会党组织全覆盖",
            "记者李某平",
        ],
        ("某某省某某市:“百企结对”推动行业协会党组织全覆盖", "2018-10-11", None, "李某平"),
        "今年以来",
        id="e-paper: date in the navigation, headline over two lines after a place",
    ),
    pytest.param(
        [
            "关注我们",
            "某某网 > 某某新闻",
            "某某大厦联合党委:建设有力量、有活力、有温度的楼宇党建阵地",
            "发布时间:2020年09月22日16:40 来源: 某某网",
            "某某大厦外景。",
            "某某大厦党群服务站“一厅两室”。   摄影:严某",
            "某某网客户端—某某网消息(记者 何某 通讯员 杨某)" + PARA1,
        ],
        (
            "某某大厦联合党委:建设有力量、有活力、有温度的楼宇党建阵地",
            "2020-09-22",
            "某某网",
            "何某",
        ),
        "某某网客户端",
        id="headline with commas, captions over the dateline",
    ),
    pytest.param(
        [
            "您当前的位置:首页 > 业界",
            "瞄准“四类群体” 培育“八个品牌” 某市推进党建工作",
            "来源:某市新闻中心  时间:2022-05-19 19:02:11",
            "(资料图)",
        ],
        ("瞄准“四类群体” 培育“八个品牌” 某市推进党建工作", "2022-05-19", "某市新闻中心", None),
        "今年以来",
        id="a caption under the metadata line",
    ),
    pytest.param(
        [
            "某某党建网>>党建>>创新案例",
            "某市:搭建“1+3+N”工作架构 持续提高“两个覆盖”质量",
            "中共某某市委组织部",
            "2019年08月27日14:05    来源:人民网-某某频道",
            "一、基本情况",
        ],
        (
            "某市:搭建“1+3+N”工作架构 持续提高“两个覆盖”质量",
            "2019-08-27",
            "人民网-某某频道",
            "中共某某市委组织部",
        ),
        "一、基本情况",
        id="office line, then a section heading opening the text",
    ),
    pytest.param(
        [
            "您当前的位置 :某某党建 正文",
            "因企施策破难题",
            "2015年09月08日    中国某某党建网",
            "一县一品牌",
            "某县“小个专”党建",
        ],
        ("因企施策破难题", "2015-09-08", "中国某某党建网", None),
        "一县一品牌",
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
        ["社会组织党建工作心得", "用户头像", "来自某某学院-陈某发布于:2021-01-14 11:03:52"],
        ("社会组织党建工作心得", "2021-01-14", None, "陈某"),
        "今年以来",
        id="a forum post's header",
    ),
    pytest.param(
        ["建强商会组织 扩大有效覆盖", "作者: ■潘某 来源:某某商报 字数:2310"],
        ("建强商会组织 扩大有效覆盖", None, "某某商报", "潘某"),
        "今年以来",
        id="bullet before the author, counter after the source",
    ),
    pytest.param(
        [
            "某某县部署两新组织党建工作",
            "时间:2020-06-03    点击:3812",
            "作者:某某县委组织部   钟某伟",
        ],
        ("某某县部署两新组织党建工作", "2020-06-03", None, "钟某伟"),
        "今年以来",
        id="author after the affiliation",
    ),
    pytest.param(
        [
            "某某市1200家规模以上企业实现党组织全覆盖",
            "www.example.com.cn  2009年04月12日 08:15:33  某某在线",
            "某某市1200家规模以上非公企业实现党组织全覆盖",
            "在凝聚职工、助推企业发展等方面作用明显",
        ],
        ("某某市1200家规模以上企业实现党组织全覆盖", "2009-04-12", "某某在线", None),
        "今年以来",
        id="headline repeated with its subtitle under the date line",
    ),
    pytest.param(
        ["某某区举办楼宇党建交流会", "推动楼宇党建提质增效"],
        ("某某区举办楼宇党建交流会", None, None, None),
        "今年以来",
        id="a deck under the headline, no metadata",
    ),
    pytest.param(
        [
            "「基层动态」“以点带面” 某市会计师协会抓党建见实效",
            "「基层动态」“以点带面” 某市会计师协会抓党建见实效",
        ],
        ("“以点带面” 某市会计师协会抓党建见实效", None, None, None),
        "今年以来",
        id="column label and a repeated headline",
    ),
    pytest.param(
        ["工作动态_新闻中心_某某开发区", "多区县同台交流党建 互学互鉴助推园区发展"],
        ("多区县同台交流党建 互学互鉴助推园区发展", None, None, None),
        "今年以来",
        id="the page's <title> above the headline",
    ),
    pytest.param(
        ["某某省某某市民政局党组书记、局长 韩 梅"],
        (None, None, None, "韩 梅"),
        "今年以来",
        id="only a byline above the text",
    ),
    pytest.param(
        ["某某县政务信息服务平台"],
        (None, None, None, None),
        "今年以来",
        id="a site's name is no headline",
    ),
    pytest.param(
        [
            "某某省社会组织服务平台logo",
            "当前位置 首页  >   新闻资讯",
            "某省以党建引领社会组织规范发展",
        ],
        ("某省以党建引领社会组织规范发展", None, None, None),
        "今年以来",
        id="a logo's alt text is no site name",
    ),
    pytest.param(
        ["当前位置:首页 > 政务公开 > 提案答复", "尊敬的某某委员:"],
        (None, None, None, None),
        "尊敬的某某委员",
        id="a letter's salutation opens the text",
    ),
    pytest.param(
        [
            "建强商会组织 扩大有效覆盖",
            "来源:某某时报",
            "编者按:某某座谈会日前召开,本报今起选登交流材料。",
        ],
        ("建强商会组织 扩大有效覆盖", None, "某某时报", None),
        "编者按",
        id="an editor's note opens the text",
    ),
    pytest.param(
        ["某某县政务信息服务平台", "信息发布 " + PARA1],
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
        ["某某区推进非公企业党建工作", "2021-05-06 来源: 作者: 【大 中 小】"],
        ("某某区推进非公企业党建工作", "2021-05-06", None, None),
        "今年以来",
        id="empty keys before the font controls",
    ),
    pytest.param(
        [
            "某某区推进非公企业党建工作",
            "原创 某某组工 2023-05-01 08:00 发表于某地",
            "收录于合集 #党建 12个",
        ],
        ("某某区推进非公企业党建工作", "2023-05-01", None, None),
        "今年以来",
        id="a hashtag line under the metadata line is no heading",
    ),
    pytest.param(
        ["某某县委组织部关于印发《某某工作方案》的通知", "各乡镇党委、县直各单位:"],
        ("某某县委组织部关于印发《某某工作方案》的通知", None, None, None),
        "各乡镇党委",
        id="a notice's addressees open the text",
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
        ("新华社北京6月2日电(记者 吴某)", [], "新华社", "吴某"),
        ("某某信息港讯 记者钱某 4月2日,", [], "某某信息港", "钱某"),
        ("本报讯(记者 于某)", [], None, "于某"),  # 本报 names no paper here
        ("本报讯 6月9日,记者从某局获悉,", ["回到首页 | 某某晚报 | 版面导航"], "某某晚报", None),
        ("本报讯 6月9日,记者从某局获悉,", ["进入某某网 | 版面导航 | 往期回顾"], None, None),
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
        ("(田 某)", "田 某"),
        ("(某某区工商联党组)", "某某区工商联党组"),
        ("(记者 刘某某)", "刘某某"),
    ],
)
def test_credit_closing_the_text(tail: str, author: str) -> None:
    text = page("某某区推进党建工作", PARA1, PARA2 + tail, "相关文章")
    result = clean_text(text)
    assert result.author == author
    check_body(text, result, "今年以来", "覆盖率达到85%。")


def test_reporter_line_under_the_text() -> None:
    text = page("某某区推进党建工作", PARA1, PARA2, "某报融媒记者 孙某", "上一篇 | 下一篇")
    assert clean_text(text).author == "孙某"


def test_reporter_padded_name_under_the_text() -> None:
    text = page(
        "某某区推进党建工作", "来源:某某中心", PARA1, PARA2, "审核:郑某", "记者:何   平 吴某珊"
    )
    assert clean_text(text).author == "何   平 吴某珊"


def test_publication_stamp_under_the_text() -> None:
    text = page(
        "某某区推进党建工作", PARA1, PARA2, "版权声明 某某网", "310027 2018-05-08 00:00:00 二"
    )
    assert clean_text(text).date == "2018-05-08"


def test_a_bare_date_under_the_text_is_no_date() -> None:
    text = page("某某区推进党建工作", PARA1, PARA2, "某某区委组织部", "2018年5月8日")
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
