"""The public API of foia-search's library: what the web app and the command line import.

Names load on first use (so that `import indexer` in a worker process stays cheap);
`docs/architecture.md` says which package each comes from and what it does.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from indexer.citations.cite import DEFAULT_BASE_URL as DEFAULT_BASE_URL
    from indexer.citations.cite import CitationList as CitationList
    from indexer.citations.cite import CitingError as CitingError
    from indexer.citations.cite import cite_document as cite_document
    from indexer.citations.cite import cite_result as cite_result
    from indexer.citations.cite import cite_tag as cite_tag
    from indexer.citations.formats import FILE_EXTENSIONS as CITATION_FILE_EXTENSIONS
    from indexer.citations.formats import FORMATS as CITATION_FORMATS
    from indexer.citations.formats import MEDIA_TYPES as CITATION_MEDIA_TYPES
    from indexer.citations.formats import render as render_citations
    from indexer.engines import open_engine as open_engine
    from indexer.enrich.duplicates import page_words as page_words
    from indexer.errors import CATEGORIES as CATEGORIES
    from indexer.errors import FoiaError as FoiaError
    from indexer.errors import InvalidInputError as InvalidInputError
    from indexer.errors import UnknownDocumentError as UnknownDocumentError
    from indexer.extractors import ExtractionError as ExtractionError
    from indexer.ingest.pipeline import OCR_MODES as OCR_MODES
    from indexer.ingest.pipeline import Ingest as Ingest
    from indexer.ingest.pipeline import Progress as Progress
    from indexer.ingest.reindex import reindex as reindex
    from indexer.model.results import SORTS as SORTS
    from indexer.model.results import SearchResult as SearchResult
    from indexer.reading.compare import ComparisonWindow as ComparisonWindow
    from indexer.reading.compare import PageComparison as PageComparison
    from indexer.reading.compare import Span as Span
    from indexer.reading.compare import compare as compare_documents
    from indexer.reading.compare import compare_window as compare_window
    from indexer.reading.documents import document_json as document_json
    from indexer.reading.page_images import cache_dir_for as cache_dir_for
    from indexer.reading.page_images import highlight_boxes as highlight_boxes
    from indexer.reading.page_images import page_image as page_image
    from indexer.reading.page_images import page_layout as page_layout
    from indexer.reading.stats import corpus_stats as corpus_stats
    from indexer.reading.webdata import DOC_ID_PATTERN as DOC_ID_PATTERN
    from indexer.reading.webdata import DocumentInfo as DocumentInfo
    from indexer.reading.webdata import PageInfo as PageInfo
    from indexer.reading.webdata import document_info as document_info
    from indexer.reading.webdata import hit_page as hit_page
    from indexer.reading.webdata import is_doc_id as is_doc_id
    from indexer.reading.webdata import original_path as original_path
    from indexer.reading.webdata import page_infos as page_infos
    from indexer.search.engine import Engine as Engine
    from indexer.search.engine import IndexBusyError as IndexBusyError
    from indexer.search.engine import IndexNotBuiltError as IndexNotBuiltError
    from indexer.search.engine import SchemaOutdatedError as SchemaOutdatedError
    from indexer.search.quotes import MAX_QUOTE_CHARS as MAX_QUOTE_CHARS
    from indexer.search.quotes import QuoteResult as QuoteResult
    from indexer.search.quotes import find_quote as find_quote
    from indexer.search.service import FILTER_FIELDS as FILTER_FIELDS
    from indexer.search.service import MAX_LIMIT as MAX_LIMIT
    from indexer.search.service import MAX_OFFSET as MAX_OFFSET
    from indexer.search.service import SearchRequest as SearchRequest
    from indexer.search.service import highlight_terms_for as highlight_terms_for
    from indexer.search.similar import similar_documents as similar_documents
    from indexer.search.suggest import suggest_query as suggest_query
    from indexer.search.tags import resolver_for as resolver_for
    from indexer.search.tags import search_with_tags as search_with_tags
    from indexer.search.tags import tag_labels as tag_labels
    from indexer.store import annotations as annotations
    from indexer.store.annotations import AnnotationNotFound as AnnotationNotFound
    from indexer.store.annotations import Note as Note
    from indexer.store.annotations import Tag as Tag
    from indexer.store.backup import read_import as read_import
    from indexer.store.backup import write_export as write_export
    from indexer.store.database import Store as Store
    from indexer.store.database import StoreError as StoreError
    from indexer.store.history import HistoryEntry as HistoryEntry
    from indexer.store.history import history as history
    from indexer.store.home import default_home as default_home
    from indexer.store.review import confirm_review as confirm_review
    from indexer.store.users import MAX_PASSWORD_LENGTH as MAX_PASSWORD_LENGTH
    from indexer.store.users import ROLES as ROLES
    from indexer.store.users import SignInError as SignInError
    from indexer.store.users import SignInThrottled as SignInThrottled
    from indexer.store.users import User as User
    from indexer.store.users import UserError as UserError
    from indexer.store.users import UserNotFound as UserNotFound
    from indexer.store.users import add_user as add_user
    from indexer.store.users import can_read_notes as can_read_notes
    from indexer.store.users import get_user as get_user
    from indexer.store.users import list_users as list_users
    from indexer.store.users import set_enabled as set_enabled
    from indexer.store.users import set_password as set_password
    from indexer.store.users import set_role as set_role
    from indexer.store.users import sign_in as sign_in
    from indexer.store.users import user_for_session as user_for_session
    from indexer.store.users import verify_password as verify_password
    from indexer.text.highlight import HighlightTerms as HighlightTerms
    from indexer.text.highlight import hit_spans as hit_spans
    from indexer.text.highlight import mark as mark_hits
    from indexer.tools.alerts import Alert as Alert
    from indexer.tools.alerts import alerts as alerts
    from indexer.tools.alerts import atom_feed as atom_feed
    from indexer.tools.alerts import feed_matches as feed_matches
    from indexer.tools.alerts import new_matches as new_matches
    from indexer.tools.batch import FORMATS as BATCH_FORMATS
    from indexer.tools.batch import MAX_QUERIES as MAX_QUERIES
    from indexer.tools.batch import BatchReport as BatchReport
    from indexer.tools.batch import run_batch as run_batch
    from indexer.tools.batch import write_csv as write_batch_csv
    from indexer.tools.batch import write_json as write_batch_json
    from indexer.tools.batch.jobs import BatchStatus as BatchStatus
    from indexer.tools.batch.jobs import batch_report as batch_report
    from indexer.tools.batch.jobs import batch_status as batch_status
    from indexer.tools.batch.jobs import start_batch as start_batch
    from indexer.tools.batch.terms import count_query_lines as count_query_lines
    from indexer.tools.saved_searches import SavedSearch as SavedSearch
    from indexer.tools.saved_searches import add_saved_search as add_saved_search
    from indexer.tools.saved_searches import get_saved_search as get_saved_search
    from indexer.tools.saved_searches import list_saved_searches as list_saved_searches
    from indexer.tools.saved_searches import mark_seen as mark_seen
    from indexer.tools.saved_searches import remove_saved_search as remove_saved_search
    from indexer.tools.saved_searches import rename_saved_search as rename_saved_search
    from indexer.tools.saved_searches import reset_feed_token as reset_feed_token
    from indexer.tools.saved_searches import saved_search_for_feed as saved_search_for_feed
    from indexer.tools.uploads import MAX_KEPT_BYTES as MAX_KEPT_BYTES
    from indexer.tools.uploads import MAX_KEPT_UPLOADS as MAX_KEPT_UPLOADS
    from indexer.tools.uploads import BatchUpload as BatchUpload
    from indexer.tools.uploads import KeptUpload as KeptUpload
    from indexer.tools.uploads import UploadQuotaError as UploadQuotaError
    from indexer.tools.uploads import delete_upload as delete_upload
    from indexer.tools.uploads import list_uploads as list_uploads
    from indexer.tools.uploads import load_upload as load_upload
    from indexer.tools.uploads import save_upload as save_upload

# public name -> (module, name in that module)
_EXPORTS: dict[str, tuple[str, str]] = {
    # Errors: every one a FoiaError of a category.
    "CATEGORIES": ("indexer.errors", "CATEGORIES"),
    "FoiaError": ("indexer.errors", "FoiaError"),
    "InvalidInputError": ("indexer.errors", "InvalidInputError"),
    "UnknownDocumentError": ("indexer.errors", "UnknownDocumentError"),
    # What moves between stages and what a search returns.
    "SORTS": ("indexer.model.results", "SORTS"),
    "SearchResult": ("indexer.model.results", "SearchResult"),
    # Opening a home's search engine.
    "open_engine": ("indexer.engines", "open_engine"),
    # Searching, and the tools built on it.
    "Engine": ("indexer.search.engine", "Engine"),
    "FILTER_FIELDS": ("indexer.search.service", "FILTER_FIELDS"),
    "IndexBusyError": ("indexer.search.engine", "IndexBusyError"),
    "IndexNotBuiltError": ("indexer.search.engine", "IndexNotBuiltError"),
    "MAX_LIMIT": ("indexer.search.service", "MAX_LIMIT"),
    "MAX_OFFSET": ("indexer.search.service", "MAX_OFFSET"),
    "MAX_QUOTE_CHARS": ("indexer.search.quotes", "MAX_QUOTE_CHARS"),
    "QuoteResult": ("indexer.search.quotes", "QuoteResult"),
    "SchemaOutdatedError": ("indexer.search.engine", "SchemaOutdatedError"),
    "SearchRequest": ("indexer.search.service", "SearchRequest"),
    "find_quote": ("indexer.search.quotes", "find_quote"),
    "highlight_terms_for": ("indexer.search.service", "highlight_terms_for"),
    "resolver_for": ("indexer.search.tags", "resolver_for"),
    "search_with_tags": ("indexer.search.tags", "search_with_tags"),
    "similar_documents": ("indexer.search.similar", "similar_documents"),
    "suggest_query": ("indexer.search.suggest", "suggest_query"),
    "tag_labels": ("indexer.search.tags", "tag_labels"),
    # Ingest and reindex.
    "Ingest": ("indexer.ingest.pipeline", "Ingest"),
    "OCR_MODES": ("indexer.ingest.pipeline", "OCR_MODES"),
    "Progress": ("indexer.ingest.pipeline", "Progress"),
    "reindex": ("indexer.ingest.reindex", "reindex"),
    # The home's SQLite store: documents, users, tags, notes, history, backups.
    "AnnotationNotFound": ("indexer.store.annotations", "AnnotationNotFound"),
    "HistoryEntry": ("indexer.store.history", "HistoryEntry"),
    "MAX_PASSWORD_LENGTH": ("indexer.store.users", "MAX_PASSWORD_LENGTH"),
    "Note": ("indexer.store.annotations", "Note"),
    "ROLES": ("indexer.store.users", "ROLES"),
    "SignInError": ("indexer.store.users", "SignInError"),
    "SignInThrottled": ("indexer.store.users", "SignInThrottled"),
    "Store": ("indexer.store.database", "Store"),
    "StoreError": ("indexer.store.database", "StoreError"),
    "Tag": ("indexer.store.annotations", "Tag"),
    "User": ("indexer.store.users", "User"),
    "UserError": ("indexer.store.users", "UserError"),
    "UserNotFound": ("indexer.store.users", "UserNotFound"),
    "add_user": ("indexer.store.users", "add_user"),
    "annotations": ("indexer.store", "annotations"),
    "can_read_notes": ("indexer.store.users", "can_read_notes"),
    "confirm_review": ("indexer.store.review", "confirm_review"),
    "default_home": ("indexer.store.home", "default_home"),
    "get_user": ("indexer.store.users", "get_user"),
    "history": ("indexer.store.history", "history"),
    "list_users": ("indexer.store.users", "list_users"),
    "read_import": ("indexer.store.backup", "read_import"),
    "set_enabled": ("indexer.store.users", "set_enabled"),
    "set_password": ("indexer.store.users", "set_password"),
    "set_role": ("indexer.store.users", "set_role"),
    "sign_in": ("indexer.store.users", "sign_in"),
    "user_for_session": ("indexer.store.users", "user_for_session"),
    "verify_password": ("indexer.store.users", "verify_password"),
    "write_export": ("indexer.store.backup", "write_export"),
    # What a reader is shown of a stored document.
    "DOC_ID_PATTERN": ("indexer.reading.webdata", "DOC_ID_PATTERN"),
    "DocumentInfo": ("indexer.reading.webdata", "DocumentInfo"),
    "PageComparison": ("indexer.reading.compare", "PageComparison"),
    "ComparisonWindow": ("indexer.reading.compare", "ComparisonWindow"),
    "PageInfo": ("indexer.reading.webdata", "PageInfo"),
    "Span": ("indexer.reading.compare", "Span"),
    "cache_dir_for": ("indexer.reading.page_images", "cache_dir_for"),
    "compare_documents": ("indexer.reading.compare", "compare"),
    "compare_window": ("indexer.reading.compare", "compare_window"),
    "corpus_stats": ("indexer.reading.stats", "corpus_stats"),
    "document_info": ("indexer.reading.webdata", "document_info"),
    "document_json": ("indexer.reading.documents", "document_json"),
    "highlight_boxes": ("indexer.reading.page_images", "highlight_boxes"),
    "hit_page": ("indexer.reading.webdata", "hit_page"),
    "is_doc_id": ("indexer.reading.webdata", "is_doc_id"),
    "original_path": ("indexer.reading.webdata", "original_path"),
    "page_image": ("indexer.reading.page_images", "page_image"),
    "page_infos": ("indexer.reading.webdata", "page_infos"),
    "page_layout": ("indexer.reading.page_images", "page_layout"),
    # Highlighting.
    "HighlightTerms": ("indexer.text.highlight", "HighlightTerms"),
    "hit_spans": ("indexer.text.highlight", "hit_spans"),
    "mark_hits": ("indexer.text.highlight", "mark"),
    # Investigator tools: batch search, uploads, saved searches and alerts.
    "Alert": ("indexer.tools.alerts", "Alert"),
    "BATCH_FORMATS": ("indexer.tools.batch", "FORMATS"),
    "BatchReport": ("indexer.tools.batch", "BatchReport"),
    "BatchUpload": ("indexer.tools.uploads", "BatchUpload"),
    "MAX_QUERIES": ("indexer.tools.batch", "MAX_QUERIES"),
    "SavedSearch": ("indexer.tools.saved_searches", "SavedSearch"),
    "add_saved_search": ("indexer.tools.saved_searches", "add_saved_search"),
    "alerts": ("indexer.tools.alerts", "alerts"),
    "atom_feed": ("indexer.tools.alerts", "atom_feed"),
    "feed_matches": ("indexer.tools.alerts", "feed_matches"),
    "get_saved_search": ("indexer.tools.saved_searches", "get_saved_search"),
    "list_saved_searches": ("indexer.tools.saved_searches", "list_saved_searches"),
    "load_upload": ("indexer.tools.uploads", "load_upload"),
    "mark_seen": ("indexer.tools.saved_searches", "mark_seen"),
    "new_matches": ("indexer.tools.alerts", "new_matches"),
    "remove_saved_search": ("indexer.tools.saved_searches", "remove_saved_search"),
    "rename_saved_search": ("indexer.tools.saved_searches", "rename_saved_search"),
    "reset_feed_token": ("indexer.tools.saved_searches", "reset_feed_token"),
    "run_batch": ("indexer.tools.batch", "run_batch"),
    "save_upload": ("indexer.tools.uploads", "save_upload"),
    "saved_search_for_feed": ("indexer.tools.saved_searches", "saved_search_for_feed"),
    "write_batch_csv": ("indexer.tools.batch", "write_csv"),
    "write_batch_json": ("indexer.tools.batch", "write_json"),
    # Citations in every format.
    "CITATION_FILE_EXTENSIONS": ("indexer.citations.formats", "FILE_EXTENSIONS"),
    "CITATION_FORMATS": ("indexer.citations.formats", "FORMATS"),
    "CITATION_MEDIA_TYPES": ("indexer.citations.formats", "MEDIA_TYPES"),
    "CitationList": ("indexer.citations.cite", "CitationList"),
    "CitingError": ("indexer.citations.cite", "CitingError"),
    "DEFAULT_BASE_URL": ("indexer.citations.cite", "DEFAULT_BASE_URL"),
    "cite_document": ("indexer.citations.cite", "cite_document"),
    "cite_result": ("indexer.citations.cite", "cite_result"),
    "cite_tag": ("indexer.citations.cite", "cite_tag"),
    "render_citations": ("indexer.citations.formats", "render"),
    # Extraction.
    "ExtractionError": ("indexer.extractors", "ExtractionError"),
    # Enrichment.
    "page_words": ("indexer.enrich.duplicates", "page_words"),
    "BatchStatus": ("indexer.tools.batch.jobs", "BatchStatus"),
    "batch_status": ("indexer.tools.batch.jobs", "batch_status"),
    "batch_report": ("indexer.tools.batch.jobs", "batch_report"),
    "start_batch": ("indexer.tools.batch.jobs", "start_batch"),
    "count_query_lines": ("indexer.tools.batch.terms", "count_query_lines"),
    "KeptUpload": ("indexer.tools.uploads", "KeptUpload"),
    "UploadQuotaError": ("indexer.tools.uploads", "UploadQuotaError"),
    "list_uploads": ("indexer.tools.uploads", "list_uploads"),
    "delete_upload": ("indexer.tools.uploads", "delete_upload"),
    "MAX_KEPT_UPLOADS": ("indexer.tools.uploads", "MAX_KEPT_UPLOADS"),
    "MAX_KEPT_BYTES": ("indexer.tools.uploads", "MAX_KEPT_BYTES"),
}

__all__ = [
    "Alert",
    "AnnotationNotFound",
    "BATCH_FORMATS",
    "BatchReport",
    "BatchStatus",
    "BatchUpload",
    "CATEGORIES",
    "CITATION_FILE_EXTENSIONS",
    "CITATION_FORMATS",
    "CITATION_MEDIA_TYPES",
    "CitationList",
    "CitingError",
    "ComparisonWindow",
    "DEFAULT_BASE_URL",
    "DOC_ID_PATTERN",
    "DocumentInfo",
    "Engine",
    "ExtractionError",
    "FILTER_FIELDS",
    "FoiaError",
    "HighlightTerms",
    "HistoryEntry",
    "IndexBusyError",
    "IndexNotBuiltError",
    "Ingest",
    "InvalidInputError",
    "KeptUpload",
    "MAX_KEPT_BYTES",
    "MAX_KEPT_UPLOADS",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "MAX_PASSWORD_LENGTH",
    "MAX_QUERIES",
    "MAX_QUOTE_CHARS",
    "Note",
    "OCR_MODES",
    "PageComparison",
    "PageInfo",
    "Progress",
    "QuoteResult",
    "ROLES",
    "SORTS",
    "SavedSearch",
    "SchemaOutdatedError",
    "SearchRequest",
    "SearchResult",
    "SignInError",
    "SignInThrottled",
    "Span",
    "Store",
    "StoreError",
    "Tag",
    "UnknownDocumentError",
    "UploadQuotaError",
    "User",
    "UserError",
    "UserNotFound",
    "add_saved_search",
    "add_user",
    "alerts",
    "annotations",
    "atom_feed",
    "batch_report",
    "batch_status",
    "cache_dir_for",
    "can_read_notes",
    "cite_document",
    "cite_result",
    "cite_tag",
    "compare_documents",
    "compare_window",
    "confirm_review",
    "corpus_stats",
    "count_query_lines",
    "default_home",
    "delete_upload",
    "document_info",
    "document_json",
    "feed_matches",
    "find_quote",
    "get_saved_search",
    "get_user",
    "highlight_boxes",
    "highlight_terms_for",
    "history",
    "hit_page",
    "hit_spans",
    "is_doc_id",
    "list_saved_searches",
    "list_uploads",
    "list_users",
    "load_upload",
    "mark_hits",
    "mark_seen",
    "new_matches",
    "open_engine",
    "original_path",
    "page_image",
    "page_infos",
    "page_layout",
    "page_words",
    "read_import",
    "reindex",
    "remove_saved_search",
    "rename_saved_search",
    "render_citations",
    "reset_feed_token",
    "resolver_for",
    "run_batch",
    "save_upload",
    "saved_search_for_feed",
    "search_with_tags",
    "set_enabled",
    "set_password",
    "set_role",
    "sign_in",
    "similar_documents",
    "start_batch",
    "suggest_query",
    "tag_labels",
    "user_for_session",
    "verify_password",
    "write_batch_csv",
    "write_batch_json",
    "write_export",
]


def __getattr__(name: str) -> Any:
    """Load a public name from its module the first time it is asked for."""
    try:
        module_name, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
