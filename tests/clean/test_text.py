"""The plain-text cleaner on the two seed layouts and on six other page layouts written here."""

from __future__ import annotations

from _shared import seed_text

from rashomon.clean.text import clean_text, split_units


def _reasons(res) -> dict[str, str]:
    return {r.text: r.reason for r in res.removed}


# ---------------------------------------------------------------------------- the seeds


def test_seed_with_standfirst_separator_caption_and_mid_body_teaser() -> None:
    raw = seed_text("000")
    res = clean_text(raw)
    assert res.title == "US envoy urges Europe to send troops for Ukraine security guarantees"
    assert res.subtitle and res.subtitle.startswith("US Ambassador to NATO Matthew Whitaker said")
    reasons = _reasons(res)
    assert reasons["-"] == "separator"
    assert any(r.reason == "caption" and "(AP Photo/Paul Vernon)" in r.text for r in res.removed)
    assert any(r.reason == "teaser" and r.text.startswith("Read more:") for r in res.removed)
    assert res.text.startswith("US Ambassador to NATO Matthew Whitaker has said")
    assert res.text.endswith("would mark a dangerous escalation.")
    assert "\n\nEuropean security guarantees\n\n" in res.text  # a section heading is body
    assert "Read more" not in res.text and "AP Photo" not in res.text


def test_seed_with_feed_chrome_repeated_title_teaser_and_author_block() -> None:
    raw = seed_text("002")
    res = clean_text(raw)
    assert res.title and res.title.startswith("Foreign troop deployment to Ukraine")
    assert res.byline == "Tim Zadorozhnyy"
    assert res.outlet == "The Kyiv Independent"
    reasons = _reasons(res)
    for chrome in ("News Feed", "2 min read", "Article image", "Avatar", "Read more", "Show More"):
        assert reasons[chrome] == "chrome", chrome
    assert reasons["News Editor"] == "byline"
    assert [r.reason for r in res.removed].count("title") == 2
    assert any(
        r.reason == "author-bio" and r.text.startswith("Tim Zadorozhnyy is") for r in res.removed
    )
    assert any(
        r.reason == "teaser" and r.text.startswith("Zelensky says he will discuss")
        for r in res.removed
    )
    assert any(r.reason == "caption" and "Getty Images" in r.text for r in res.removed)
    assert res.text.startswith("The possibility of sending U.S. or European troops")
    assert res.text.endswith("could be part of the guarantees.")
    assert "question of territory" not in res.text


def test_removed_offsets_index_the_raw_text() -> None:
    raw = seed_text("002")
    res = clean_text(raw)
    assert res.removed
    for r in res.removed:
        assert r.start is not None and r.end is not None
        assert raw[r.start : r.end] == r.text


def test_body_paragraphs_are_separated_by_a_blank_line() -> None:
    res = clean_text(seed_text("000"))
    paragraphs = res.text.split("\n\n")
    assert len(paragraphs) == 8
    assert all(p.strip() == p and "\n" not in p for p in paragraphs)


# ---------------------------------------------------------------------------- other layouts

WIRE = """\
Skip to main content
Menu
World
Russian drones strike power grid in Kharkiv as talks stall
By JANE DOE and JOHN ROE
Updated 10:32 AM EDT, August 20, 2025
Share
KYIV, Ukraine (AP) — Russian drones struck energy facilities in the northeastern city of Kharkiv overnight, cutting power to tens of thousands of homes, regional officials said Wednesday.
The attack came as diplomats in Geneva failed to agree on the agenda for a second round of talks, according to two officials familiar with the discussions who spoke on condition of anonymity.
Firefighters battle a blaze at a power station in Kharkiv, Ukraine, Wednesday, Aug. 20, 2025. (AP Photo/Andrii Marienko)
Regional governor Oleh Syniehubov said on Telegram that repair crews were working to restore electricity and that no one had been killed.
Ukraine's air force said it shot down 41 of the 57 drones launched overnight.
___
Associated Press writer Sam Smith in London contributed to this report.
Copyright 2025 The Associated Press. All Rights Reserved.
"""


def test_wire_story_keeps_dateline_and_drops_byline_date_caption_and_credits() -> None:
    res = clean_text(WIRE)
    assert res.title == "Russian drones strike power grid in Kharkiv as talks stall"
    assert res.byline == "JANE DOE and JOHN ROE"
    assert res.published == "10:32 AM EDT, August 20, 2025"
    assert res.outlet == "The Associated Press"
    assert res.text.startswith("KYIV, Ukraine (AP) — Russian drones struck")
    assert res.text.endswith("launched overnight.")
    reasons = _reasons(res)
    assert (
        reasons["Associated Press writer Sam Smith in London contributed to this report."]
        == "byline"
    )
    assert reasons["___"] == "separator"
    assert any(r.reason == "caption" and "AP Photo/Andrii Marienko" in r.text for r in res.removed)
    assert res.subtitle is None  # the dateline paragraph is body, not a standfirst


BLOG = """\
Home
About
Archive
Contact
The quiet economics of small-town bakeries
Posted by Maria Keller on March 3, 2024
I have spent the last six months visiting bakeries in small towns across the Midwest, and the thing that surprised me most was how few of them depend on bread.
Most of the owners I met earn the bulk of their income from wholesale orders to cafés and schools, which smooths out the seasonal swings of foot traffic.
Several told me that the price of flour matters less to them than the price of labour, which has climbed faster than anything else since the pandemic.
Tags: bakeries, small business, economics
Leave a comment
12 Comments
Tom on March 4, 2024 at 9:12 am said:
Great piece, I had no idea wholesale was such a big part of the business for most of these bakeries.
"""


def test_blog_post_with_posted_by_line_tags_and_comments() -> None:
    res = clean_text(BLOG)
    assert res.title == "The quiet economics of small-town bakeries"
    assert res.byline == "Maria Keller"
    assert res.published == "March 3, 2024"
    assert res.text.startswith("I have spent the last six months")
    assert res.text.endswith("faster than anything else since the pandemic.")
    assert "Great piece" not in res.text
    assert "Tags:" not in res.text


SOCIAL = """\
We use cookies to improve your experience on our site. By continuing to browse you agree to our use of cookies.
Accept all
Reject all
Subscribe
Sign in
City council approves new bus lanes after two-year fight
Share on Facebook
Share on Twitter
Copy link
The city council voted 7-2 on Tuesday to approve dedicated bus lanes on three of the city's busiest streets, ending a debate that began in 2023.
Supporters said the lanes would cut average commute times by a quarter for the 40,000 people who ride those routes every day.
Opponents, including several shop owners along Main Street, warned that the loss of parking would drive customers away.
Advertisement
Construction is expected to begin in the spring and take about eighteen months, according to the transport department.
Share
Tweet
Email
Sign up for our newsletter to get the latest local news in your inbox every morning.
© 2025 Riverside Gazette
"""


def test_page_with_cookie_notice_share_buttons_and_mid_body_advertisement() -> None:
    res = clean_text(SOCIAL)
    assert res.title == "City council approves new bus lanes after two-year fight"
    assert res.outlet == "Riverside Gazette"
    assert res.text.startswith("The city council voted 7-2 on Tuesday")
    assert res.text.endswith("according to the transport department.")
    assert "\n\nAdvertisement\n\n" not in res.text
    reasons = _reasons(res)
    assert reasons["Advertisement"] == "chrome"
    assert reasons["Share on Facebook"] == "chrome"
    assert reasons["Accept all"] == "chrome"
    assert reasons[SOCIAL.splitlines()[0]] == "boilerplate"
    assert reasons[SOCIAL.splitlines()[-2]] == "boilerplate"


RELATED = """\
Scientists map the deepest cave system in Europe
Researchers have completed the first full survey of the Krubera cave system in Abkhazia, measuring a depth of more than 2,200 metres.

The expedition, which lasted three weeks, used laser scanners carried by divers through flooded passages that had never been mapped before.

RELATED: Divers find new species of blind fish in Croatian cave

The team said the data would help hydrologists understand how water moves through the limestone of the Arabika massif.

Related Stories
Five caves you can visit this summer
Why cave diving is so dangerous
The hidden rivers beneath our feet
"""


def test_related_lists_and_inline_related_teaser_are_removed() -> None:
    res = clean_text(RELATED)
    assert res.title == "Scientists map the deepest cave system in Europe"
    assert res.text.startswith("Researchers have completed the first full survey")
    assert res.text.endswith("limestone of the Arabika massif.")
    reasons = _reasons(res)
    assert reasons["RELATED: Divers find new species of blind fish in Croatian cave"] == "teaser"
    assert reasons["Five caves you can visit this summer"] == "teaser"
    assert reasons["Related Stories"] == "chrome"


SUBHEAD = """\
What the new EU battery rules mean for your phone
From 2027, phone makers will have to make batteries that owners can replace themselves.
Photo: Reuters
The European Union has adopted rules that will require most portable devices sold in the bloc to have batteries that users can remove and replace with ordinary tools.
What changes
• Batteries must be removable without special tools or heat
• Manufacturers must sell spare batteries for five years
• Labels must show capacity and expected lifespan
Who is exempt
Devices used in wet environments, such as some medical equipment, may keep sealed batteries if they meet durability standards.
The rules will be reviewed in 2030, when the Commission will decide whether to extend them to laptops.
"""


def test_subheads_and_bullet_points_stay_in_the_body() -> None:
    res = clean_text(SUBHEAD)
    assert res.title == "What the new EU battery rules mean for your phone"
    assert (
        res.subtitle
        == "From 2027, phone makers will have to make batteries that owners can replace themselves."
    )
    assert _reasons(res)["Photo: Reuters"] == "caption"
    body = res.text.split("\n\n")
    assert body[0].startswith("The European Union has adopted rules")
    assert "What changes" in body and "Who is exempt" in body
    assert "• Manufacturers must sell spare batteries for five years" in body
    assert body[-1].startswith("The rules will be reviewed in 2030")


GERMAN = """\
Startseite
Politik
Bundesregierung plant neue Hilfen für die Ukraine
3 Min. Lesezeit
Die Bundesregierung will der Ukraine im kommenden Jahr weitere Militärhilfe in Höhe von acht Milliarden Euro zur Verfügung stellen, wie das Finanzministerium am Montag mitteilte.
Der Großteil des Geldes soll in die Luftverteidigung fließen, da Russland seine Angriffe auf die Energieversorgung zuletzt verstärkt hat.
Lesen Sie auch: Wie die Ukraine ihre Stromversorgung schützt
Die Opposition kritisierte, die Summe reiche angesichts der Lage an der Front nicht aus, und forderte eine Debatte im Bundestag.
Teilen
Anzeige
"""


def test_non_english_article_with_german_chrome() -> None:
    res = clean_text(GERMAN)
    assert res.title == "Bundesregierung plant neue Hilfen für die Ukraine"
    assert res.text.startswith("Die Bundesregierung will der Ukraine")
    assert res.text.endswith("forderte eine Debatte im Bundestag.")
    reasons = _reasons(res)
    assert reasons["Lesen Sie auch: Wie die Ukraine ihre Stromversorgung schützt"] == "teaser"
    assert reasons["3 Min. Lesezeit"] == "chrome"
    assert reasons["Teilen"] == "chrome" and reasons["Anzeige"] == "chrome"


WRAPPED = """\
Farmers warn of poor harvest after dry summer

Farmers across the region say the driest summer in three decades has cut
their wheat yields by as much as a third, and many are now selling
livestock they can no longer afford to feed.

The agriculture ministry said on Friday it would release emergency funds,
but farm unions called the package too small to make a difference for
most family farms.
"""


def test_hard_wrapped_paragraphs_are_joined_with_offsets_spanning_the_lines() -> None:
    units = split_units(WRAPPED)
    assert len(units) == 3
    assert WRAPPED[units[1].start : units[1].end].count("\n") == 2
    res = clean_text(WRAPPED)
    assert res.text.split("\n\n")[0] == (
        "Farmers across the region say the driest summer in three decades has cut "
        "their wheat yields by as much as a third, and many are now selling "
        "livestock they can no longer afford to feed."
    )


def test_only_page_chrome_gives_no_body() -> None:
    res = clean_text("Home\nNews\nSport\nShare\nSubscribe\n© 2025 Example News\n")
    assert res.text == ""


JOURNALIST = """\
Press freedom groups condemn detention of reporter in Crimea
Rights groups on Tuesday demanded the release of a Ukrainian journalist detained by Russian-installed authorities in Crimea last month.
Iryna Danylovych is a journalist who reported on environmental damage and hospital shortages on the peninsula for several local outlets.
Her lawyer said she had been denied medication and that the charges against her were fabricated to silence independent reporting.
Mark Lewis
Staff Writer
Mark Lewis is a staff writer at The Example Tribune covering human rights.
"""


def test_sentence_about_a_journalist_inside_the_body_is_not_an_author_bio() -> None:
    res = clean_text(JOURNALIST)
    assert "Iryna Danylovych is a journalist" in res.text
    assert res.byline == "Mark Lewis"
    assert res.outlet == "The Example Tribune"
    assert _reasons(res)[
        "Mark Lewis is a staff writer at The Example Tribune covering human rights."
    ] == ("author-bio")


NEWSPAPER = """\
World news
Ukraine
This article is more than 1 year old
Zelensky to meet European leaders before Washington summit
Ukrainian president seeks united front on security guarantees ahead of talks with Trump.
Jane Doe in Kyiv
Mon 18 Aug 2025 14.32 BST
Share
Volodymyr Zelensky will meet European leaders in Brussels on Sunday to agree a common position before his talks with Donald Trump, his office said.
The meeting follows a summit in Alaska at which Trump and Vladimir Putin discussed a possible ceasefire without Ukraine at the table.
Most viewed
"""


def test_standfirst_before_a_name_and_date_block_is_the_subtitle() -> None:
    res = clean_text(NEWSPAPER)
    assert res.title == "Zelensky to meet European leaders before Washington summit"
    assert res.subtitle == (
        "Ukrainian president seeks united front on security guarantees ahead of talks with Trump."
    )
    assert res.published == "Mon 18 Aug 2025 14.32 BST"
    assert res.text.startswith("Volodymyr Zelensky will meet European leaders")
    assert res.text.endswith("without Ukraine at the table.")
    assert res.byline == "Jane Doe"
    assert _reasons(res)["Jane Doe in Kyiv"] == "byline"


def test_byline_with_place_in_a_header_without_standfirst() -> None:
    raw = NEWSPAPER.replace(
        "Ukrainian president seeks united front on security guarantees ahead of talks with Trump.\n",
        "",
    )
    res = clean_text(raw)
    assert res.title == "Zelensky to meet European leaders before Washington summit"
    assert res.subtitle is None
    assert res.byline == "Jane Doe"
    assert _reasons(res)["Jane Doe in Kyiv"] == "byline"
    assert res.text.startswith("Volodymyr Zelensky will meet")


CLOSING_QUESTION = """\
Library to open on Sundays after years of campaigning
The town library will open on Sundays from next month, the council said on Tuesday, after a petition signed by more than 3,000 residents.

The extra day will be staffed by volunteers and paid for from the culture budget, which was increased by 4 percent this year.

What happens to the reading room?
"We had to choose between longer hours and keeping the reading room, and people told us clearly that they wanted both, so we found the money by closing the old archive annex and moving its papers to the county store, which will also save on heating," said Maria Lind, who chairs the culture committee and led the negotiations with the volunteers' association over the past two years.
Read more
"""


def test_question_line_does_not_take_a_long_closing_paragraph_as_a_teaser() -> None:
    res = clean_text(CLOSING_QUESTION)
    assert res.text.endswith("over the past two years.")
    assert "What happens to the reading room?" in res.text
    assert _reasons(res)["Read more"] == "chrome"


AD_BREAKS = """\
Ferry service to the islands resumes after storm damage is repaired
The ferry between the harbour and the two outer islands will run again from Friday, the operator said, three weeks after a storm damaged the landing stage.

Story continues below advertisement

Engineers replaced the floating pontoon and two of the mooring posts, and the coastguard inspected the work on Wednesday.

ADVERTISEMENT - SCROLL TO CONTINUE

The operator said timetables would be the same as before the storm, with an extra evening sailing at weekends until the end of the summer.

(Article continues below)

Islanders had relied on a smaller boat run by volunteers while the main service was suspended.
"""


def test_ad_break_notes_are_removed_as_chrome_and_the_body_around_them_kept() -> None:
    res = clean_text(AD_BREAKS)
    reasons = _reasons(res)
    for note in (
        "Story continues below advertisement",
        "ADVERTISEMENT - SCROLL TO CONTINUE",
        "(Article continues below)",
    ):
        assert reasons[note] == "chrome", note
        assert note not in res.text
    assert res.text.startswith("The ferry between the harbour")
    assert res.text.endswith("while the main service was suspended.")
    assert len(res.text.split("\n\n")) == 4
