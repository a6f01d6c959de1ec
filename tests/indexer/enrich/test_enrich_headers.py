"""E-mail and memo headers: senders apart from recipients, threads, redactions, wrapped lines."""

from __future__ import annotations

import pytest

from indexer.enrich.headers import Headers, parse_headers

OUTLOOK_THREAD = """\
Penney, Randi
_____________________________________________________________
From:                 Venturella, David
Sent:                 Tuesday, September 28, 2010 4:52 PM
To:                   Penney, Randi; (b)(6), (b)(7)(C); Rapp,
                      Marc
Cc:                   (b)(6), (b)(7)(C)
Subject:              RE: Santa Clara County opt-out letter -
                      draft response
Importance:           High
Attachments:          SantaClara_response_v3.doc

Randi - please see my edits below. We should not use "opt out" in the response.
From: a county's point of view, the letter has to say what happens next.

-----Original Message-----
From: Penney, Randi (b)(6)
Sent: Tuesday, September 28, 2010 2:10 PM
To: Venturella, David
Cc: Smith, John [mailto:John.Smith@dhs.gov]; Doe, Jane
Subject: Santa Clara County opt-out letter
Attached is the draft. Call me at (202) 732-0600.

                                                     ICE FOIA 10-2674.0007281
"""

MEMO = """\
                                        Office of the Director
                                        U.S. Department of Homeland Security
                                        500 12th Street, SW
                                        Washington, DC 20536

MEMORANDUM FOR:       John Morton
                      Director

THROUGH:              Beth Gibson
                      Assistant Deputy Director

FROM:                 David J. Venturella
                      Executive Director, Secure Communities

SUBJECT:              Secure Communities Participation

DATE:                 10/02/2010

This memorandum responds to questions raised by the Santa Clara County Board of Supervisors.
FROM: this point on, the program is mandatory. To: be clear, no county may opt out.
"""

GMAIL_REPLY = """\
Thanks, I will send the numbers tomorrow.

On Tue, May 10, 2011 at 3:14 PM, John Smith <jsmith@example.org>
wrote:
> Can you send the activation numbers for Arlington?
>
> On 5/9/2011 1:02 PM, (b)(6) wrote:
>> The county board voted last night.
"""


def test_outlook_thread() -> None:
    headers = parse_headers(OUTLOOK_THREAD)
    assert headers == Headers(
        kind="email",
        from_=["Venturella, David", "Penney, Randi"],
        to=["Penney, Randi", "Rapp, Marc", "Venturella, David"],
        cc=["Smith, John [mailto:John.Smith@dhs.gov]", "Doe, Jane"],
        subject=[
            "RE: Santa Clara County opt-out letter - draft response",
            "Santa Clara County opt-out letter",
        ],
        dates=["Tuesday, September 28, 2010 4:52 PM", "Tuesday, September 28, 2010 2:10 PM"],
        messages=2,
    )


def test_a_recipient_is_never_a_sender() -> None:
    headers = parse_headers(OUTLOOK_THREAD)
    assert not any("Rapp" in name for name in headers.from_)
    assert not any("Smith" in name for name in headers.from_)


def test_memo() -> None:
    assert parse_headers(MEMO) == Headers(
        kind="memo",
        from_=["David J. Venturella"],  # the title line under a name is left out
        to=["John Morton"],
        cc=["Beth Gibson"],
        subject=["Secure Communities Participation"],
        dates=["10/02/2010"],
        messages=1,
    )


def test_on_wrote_lines() -> None:
    headers = parse_headers(GMAIL_REPLY)
    assert headers.kind == "email"
    assert headers.from_ == ["John Smith <jsmith@example.org>"]  # the redacted sender is dropped
    assert headers.dates == ["Tue, May 10, 2011 at 3:14 PM", "5/9/2011 1:02 PM"]
    assert headers.messages == 2
    assert headers.to == []


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        ("From: Smith, John (b)(6)\nTo: Doe, Jane\n", "from_", ["Smith, John"]),
        ("From: (b)(6), (b)(7)(C)\nTo: Doe, Jane\n", "from_", []),
        ("From: [REDACTED]\nTo: Doe, Jane\n", "from_", []),
        (
            "From: Doe, Jane\nTo: John Smith <js@example.org>, Ana Ruiz <ar@example.org>\n",
            "to",
            ["John Smith <js@example.org>", "Ana Ruiz <ar@example.org>"],
        ),
        ("From: Doe, Jane\nTo: Smith, John; Ruiz, Ana\n", "to", ["Smith, John", "Ruiz, Ana"]),
        ("FROM: Doe, Jane\nSENT: Monday, May 9, 2011\n", "from_", ["Doe, Jane"]),
        # Double-spaced extraction: blank lines between the fields.
        (
            "From: Doe, Jane\n\nSent: Monday, May 9, 2011\n\nTo: Smith, John\n",
            "to",
            ["Smith, John"],
        ),
        ("MEMORANDUM FOR Marc Rapp\nFROM: Randi Penney\nSUBJECT: Opt-out\n", "to", ["Marc Rapp"]),
        (
            "From: Doe, Jane\nSubject: Opt-out numbers for\nArlington County\n\nSee attached.",
            "subject",
            ["Opt-out numbers for Arlington County"],
        ),
        ("From: Doe, Jane\nSubject: Numbers\nSee attached.\n\nJane", "subject", ["Numbers"]),
    ],
)
def test_fields(text: str, field: str, expected: list[str]) -> None:
    assert getattr(parse_headers(text), field) == expected


@pytest.mark.parametrize(
    "text",
    [
        "From: the field office's point of view, this is fine.\nThe rest is prose.",
        "MEMORANDUM OF AGREEMENT\nThis MOA is entered into by ICE and the County.",
        "The letter was sent to the county. Date: unknown.",
        "",
    ],
)
def test_no_headers(text: str) -> None:
    assert parse_headers(text) == Headers(None, [], [], [], [], [], 0)


# -- wrapping, lists and block rules (issue 12: the mutants the tests above let through) ----

BODY = "The numbers are attached\nfor the county board.\n"


@pytest.mark.parametrize(
    ("text", "field", "expected"),
    [
        # a recipient list ending with ; or , continues on one more line, not on the body
        (
            "From: Doe, Jane\nTo: Smith, John;\nRuiz, Ana\n" + BODY,
            "to",
            ["Smith, John", "Ruiz, Ana"],
        ),
        (
            "From: Doe, Jane\nTo: John Smith <js@x.org>,\nAna Ruiz <ar@x.org>\n" + BODY,
            "to",
            ["John Smith <js@x.org>", "Ana Ruiz <ar@x.org>"],
        ),
        ("From: Doe, Jane\nTo: Smith, John\n" + BODY, "to", ["Smith, John"]),
        # a question or an exclamation before the blank line is body, not a wrapped value
        ("From: Doe, Jane\nSubject: Numbers\nAre they final?\n\nbody", "subject", ["Numbers"]),
        ("From: Doe, Jane\nSubject: Numbers\nCall me now!\n\nbody", "subject", ["Numbers"]),
        (
            "From: Doe, Jane\nSubject: Numbers\nSee attached\n-----Original Message-----\n",
            "subject",
            ["Numbers"],
        ),
        # four lines of body between two fields end the block
        ("From: Doe, Jane\nTo: Smith\nl1\nl2\nl3\nl4\nSubject: X", "to", ["Smith"]),
        ("From: Doe, Jane\n\n\n\nTo: Smith, John", "to", ["Smith, John"]),  # three blank lines
        # names: full names split on commas, single words kept, any case
        ("From: Doe, Jane\nTo: John Smith, Ana Ruiz", "to", ["John Smith", "Ana Ruiz"]),
        ("From: Doe, Jane\nTo: js@x.org, ar@x.org", "to", ["js@x.org", "ar@x.org"]),
        ("From: Doe, Jane\nTo: John Smith, (b)(6), Ana Ruiz", "to", ["John Smith", "Ana Ruiz"]),
        ("From: DOE\nTo: SMITH\n", "to", ["SMITH"]),
        ("From: Doe, Jane\nTo: Cox, MAX\n", "to", ["Cox, MAX"]),
        ("From: doe\nTo: jsmith@example.org\n", "to", ["jsmith@example.org"]),
        (
            "From: John Smith <js@x.org>, Ana Ruiz <ar@x.org>\nTo: Doe, Jane",
            "from_",
            ["John Smith <js@x.org>", "Ana Ruiz <ar@x.org>"],
        ),
        ("From: Doe, Jane\nCc: John Smith, Ana Ruiz\n", "cc", ["John Smith", "Ana Ruiz"]),
        ("From: Doe, Jane\nSubject: Numbers;\n", "subject", ["Numbers"]),
        ("From: Doe, Jane\nSubject: Re: FAX\n", "subject", ["Re: FAX"]),
        (
            "From: Doe, Jane\nSent: Tuesday, September 28,\n2010 4:52 PM\nTo: Smith, John\n",
            "dates",
            ["Tuesday, September 28, 2010 4:52 PM"],
        ),
        # a block needs a sender or a date
        ("Sent: Monday, May 9, 2011\nTo: Smith, John\n", "to", ["Smith, John"]),
    ],
)
def test_wrapping_lists_and_blocks(text: str, field: str, expected: list[str]) -> None:
    assert getattr(parse_headers(text), field) == expected


def test_recipients_and_a_subject_alone_are_no_header() -> None:
    assert parse_headers("To: Smith, John\nSubject: Numbers\n").kind is None


def test_a_memo_has_one_block_and_no_reply_lines() -> None:
    later = "\n\n\n\n\nRE: the second question\nDATE: 10/05/2010\n"
    reply = "On Tue, May 10, 2011 at 3:14 PM, John Smith wrote:\n"
    assert parse_headers(MEMO + later + reply) == parse_headers(MEMO)


def test_email_headers_before_a_memo_mark_make_an_email() -> None:
    text = (
        "Penney, Randi\nFrom: Doe, Jane\nTo: Smith, John\n\n"
        "MEMORANDUM FOR: Marc Rapp\nFROM: Randi Penney\n"
    )
    headers = parse_headers(text)
    assert headers.kind == "email"
    assert headers.to == ["Smith, John"]
