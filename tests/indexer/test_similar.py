"""More like this on real releases: the other 287(g) agreement is the closest document, the
document itself and what the caller excludes never come back, key terms are its own words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.search.similar import UnknownDocumentError, key_terms, similar_documents
from tests.conftest import Home
from tests.indexer.test_quotes import samples_home

pytestmark = pytest.mark.both_engines


@pytest.fixture(scope="module")
def samples(
    tmp_path_factory: pytest.TempPathFactory, samples_dir: Path, search_engine: str
) -> Iterator[Home]:
    home = Home(samples_home(tmp_path_factory, samples_dir))
    yield home
    home.close()


def doc_ids(home: Home) -> dict[str, str]:
    return {Path(d["path"]).name: d["doc_id"] for d in home.store.list_documents()}


def test_the_other_agreement_is_most_like_an_agreement(samples: Home) -> None:
    ids = doc_ids(samples)
    owyhee = ids["OwyheeCoID_TFM_MOA_03.07.25.pdf"]
    lawrence = ids["LawrenceCoSheriffsOfficeAL_TFM_MOA_06182025.pdf"]
    result = similar_documents(samples.engine, samples.store, owyhee, limit=3)
    assert [doc.doc_id for doc in result.documents][0] == lawrence
    assert owyhee not in {doc.doc_id for doc in result.documents}
    assert len(result.documents) == 3
    scores = [doc.score for doc in result.documents]
    assert scores == sorted(scores, reverse=True)
    top = result.documents[0]
    assert "<mark>" in top.snippet and top.url == f"/doc/{lawrence}/p/{top.page}"
    assert result.to_json()["documents"][0]["doc_id"] == lawrence
    words = " ".join(page.text.lower() for page in samples.store.load_document(owyhee).pages)  # type: ignore[union-attr]
    assert len(result.terms) >= 10 and all(term in words for term in result.terms)


def test_excluded_documents_never_come_back(samples: Home) -> None:
    ids = doc_ids(samples)
    owyhee = ids["OwyheeCoID_TFM_MOA_03.07.25.pdf"]
    lawrence = ids["LawrenceCoSheriffsOfficeAL_TFM_MOA_06182025.pdf"]
    result = similar_documents(samples.engine, samples.store, owyhee, limit=10, exclude=(lawrence,))
    found = {doc.doc_id for doc in result.documents}
    assert found and not found & {owyhee, lawrence}
    assert found <= set(ids.values())


def test_like_one_page(samples: Home) -> None:
    ids = doc_ids(samples)
    owyhee = ids["OwyheeCoID_TFM_MOA_03.07.25.pdf"]
    lawrence = ids["LawrenceCoSheriffsOfficeAL_TFM_MOA_06182025.pdf"]
    result = similar_documents(samples.engine, samples.store, owyhee, page=5, limit=2)
    assert result.page == 5 and result.documents[0].doc_id == lawrence
    text = samples.store.page_texts(owyhee, [5])[5].lower()
    assert all(term in text for term in result.terms)


def test_unknown_documents_and_pages(samples: Home) -> None:
    with pytest.raises(UnknownDocumentError):
        similar_documents(samples.engine, samples.store, "0000000000000000")
    owyhee = doc_ids(samples)["OwyheeCoID_TFM_MOA_03.07.25.pdf"]
    with pytest.raises(UnknownDocumentError, match="no page 99"):
        similar_documents(samples.engine, samples.store, owyhee, page=99)


def test_key_terms_leave_out_common_and_lonely_words(samples: Home) -> None:
    lexicon = samples.engine.lexicon()
    lonely = "zzyzxqua " * 5
    terms = key_terms(lexicon, [f"the the the of and {lonely} agreement 287(g) 2025"])
    stems = {term.stem for term in terms}
    assert "zzyzxqua" not in stems  # on no other page: leads nowhere
    assert "the" not in stems and "2025" not in stems
    assert {"agreement", "287g"} & stems


def test_copies_of_the_record_never_come_back(tmp_path: Path) -> None:
    """Regression: copies grouped at the end of the ingest that indexed them (the index's
    `dup` field still names each copy alone) were listed as the most similar documents."""
    from tests.conftest import write_docs
    from tests.indexer.test_duplicates import EMAIL, LETTER_A, SECOND_PAGE, UNRELATED, hide

    folder = write_docs(
        tmp_path / "records",
        {
            "original.txt": EMAIL + "\f" + SECOND_PAGE,
            "redacted.txt": hide(EMAIL, "Laura Mendez") + "\f" + SECOND_PAGE,
            "letter.txt": LETTER_A,
            "standards.txt": UNRELATED,
        },
    )
    home = Home(tmp_path / "home")
    try:
        assert home.ingest(folder).added == 4
        ids = doc_ids(home)
        for name, copy in (("original.txt", "redacted.txt"), ("redacted.txt", "original.txt")):
            result = similar_documents(home.engine, home.store, ids[name])
            found = [doc.doc_id for doc in result.documents]
            assert found and ids[copy] not in found and ids[name] not in found
            assert result.terms
    finally:
        home.close()
