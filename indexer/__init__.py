"""The public API of foia-search's library: what the web app and the command line import.

Names load on first use (so that `import indexer` in a worker process stays cheap);
`docs/architecture.md` says which package each comes from and what it does.
"""

import importlib
from typing import TYPE_CHECKING, Any

from indexer.exports import EXPORTS

if TYPE_CHECKING:
    from indexer.citations.cite import (
        DEFAULT_BASE_URL as DEFAULT_BASE_URL,
        CitationList as CitationList,
        CitingError as CitingError,
        cite_document as cite_document,
        cite_result as cite_result,
        cite_tag as cite_tag,
    )
    from indexer.citations.formats import (
        FILE_EXTENSIONS as CITATION_FILE_EXTENSIONS,
        FORMATS as CITATION_FORMATS,
        MEDIA_TYPES as CITATION_MEDIA_TYPES,
        render as render_citations,
    )
    from indexer.engines import (
        ENGINES as ENGINES,
        engine_for_ingest as engine_for_ingest,
        engine_in_use as engine_in_use,
        open_engine as open_engine,
    )
    from indexer.enrich.fingerprint_text import page_words as page_words
    from indexer.errors import (
        CATEGORIES as CATEGORIES,
        FoiaError as FoiaError,
        InvalidInputError as InvalidInputError,
        UnknownDocumentError as UnknownDocumentError,
    )
    from indexer.extractors import ExtractionError as ExtractionError
    from indexer.extractors.archive import ArchiveLimits as ArchiveLimits
    from indexer.ingest.corrections import (
        CorrectionResult as CorrectionResult,
        correct_document as correct_document,
        undo_correction_entry as undo_correction_entry,
        write_corrected as write_corrections,
    )
    from indexer.ingest.pipeline import OCR_MODES as OCR_MODES, Ingest as Ingest
    from indexer.ingest.reindex import convert as convert, reindex as reindex
    from indexer.ingest.report import Progress as Progress
    from indexer.model.results import SORTS as SORTS, SearchResult as SearchResult
    from indexer.productions.export import (
        MEDIA_TYPES as PRODUCTION_MEDIA_TYPES,
        REDACTION_FORMATS as REDACTION_FORMATS,
        REPORT_FORMATS as REPORT_FORMATS,
        export_redactions as export_redactions,
        export_report as export_production,
    )
    from indexer.productions.redactions import find_redactions as find_redactions
    from indexer.productions.report import (
        list_productions as list_productions,
        production_report as production_report,
    )
    from indexer.productions.tables import report_tables as production_tables
    from indexer.reading.compare import (
        ComparisonWindow as ComparisonWindow,
        PageComparison as PageComparison,
        Span as Span,
        compare as compare_documents,
        compare_window as compare_window,
    )
    from indexer.reading.documents import document_json as document_json
    from indexer.reading.listing import list_documents as list_documents
    from indexer.reading.page_images import (
        PAGE_DPI as PAGE_DPI,
        PAGE_DPIS as PAGE_DPIS,
        THUMBNAIL_DPI as THUMBNAIL_DPI,
        cache_dir_for as cache_dir_for,
        highlight_boxes as highlight_boxes,
        page_image as page_image,
        page_layout as page_layout,
        page_size as page_size,
    )
    from indexer.reading.stats import (
        corpus_stats as corpus_stats,
        engine_hint_for as engine_hint_for,
    )
    from indexer.reading.viewer import thumbnail_strip as thumbnail_strip
    from indexer.reading.webdata import (
        DOC_ID_PATTERN as DOC_ID_PATTERN,
        DocumentInfo as DocumentInfo,
        PageInfo as PageInfo,
        document_info as document_info,
        hit_page as hit_page,
        is_doc_id as is_doc_id,
        open_original as open_original,
        page_infos as page_infos,
    )
    from indexer.search.engine import (
        Engine as Engine,
        IndexBusyError as IndexBusyError,
        IndexNotBuiltError as IndexNotBuiltError,
        SchemaOutdatedError as SchemaOutdatedError,
    )
    from indexer.search.equivalence.vocabulary import (
        SYNONYMS_NAME as SYNONYMS_NAME,
        class_json as synonym_class_json,
        matching_classes as matching_synonym_classes,
        vocabulary_for as vocabulary_for,
    )
    from indexer.search.quotes import (
        MAX_QUOTE_CHARS as MAX_QUOTE_CHARS,
        QuoteResult as QuoteResult,
        find_quote as find_quote,
    )
    from indexer.search.service import (
        FILTER_FIELDS as FILTER_FIELDS,
        MAX_LIMIT as MAX_LIMIT,
        MAX_OFFSET as MAX_OFFSET,
        SearchRequest as SearchRequest,
        highlight_terms_for as highlight_terms_for,
    )
    from indexer.search.similar import similar_documents as similar_documents
    from indexer.search.suggest import suggest_query as suggest_query
    from indexer.search.tags import (
        resolver_for as resolver_for,
        search_with_tags as search_with_tags,
    )
    from indexer.store import annotations as annotations
    from indexer.store.annotations import (
        AnnotationNotFound as AnnotationNotFound,
        Note as Note,
        Tag as Tag,
    )
    from indexer.store.backup import read_import as read_import, write_export as write_export
    from indexer.store.corrections import (
        FIELDS as CORRECTION_FIELDS,
        CorrectionError as CorrectionError,
        FieldValue as FieldValue,
        document_fields as document_fields,
        history_doc_id as correction_entry_doc_id,
    )
    from indexer.store.database import Store as Store, StoreError as StoreError
    from indexer.store.history import HistoryEntry as HistoryEntry, history as history
    from indexer.store.home import default_home as default_home
    from indexer.store.review import confirm_review as confirm_review
    from indexer.store.sessions import (
        count_sessions as count_sessions,
        end_session as end_session,
        end_sessions as end_sessions,
        open_session as open_session,
        user_for_session as user_for_session,
    )
    from indexer.store.shown_paths import (
        ingest_roots as ingest_roots,
        public_paths as public_paths,
        relative_path as relative_path,
    )
    from indexer.store.tag_queries import tag_labels as tag_labels
    from indexer.store.users import (
        MAX_PASSWORD_LENGTH as MAX_PASSWORD_LENGTH,
        ROLES as ROLES,
        SignInError as SignInError,
        SignInThrottled as SignInThrottled,
        User as User,
        UserError as UserError,
        UserNotFound as UserNotFound,
        add_user as add_user,
        can_read_notes as can_read_notes,
        get_user as get_user,
        list_users as list_users,
        set_enabled as set_enabled,
        set_password as set_password,
        set_role as set_role,
        sign_in as sign_in,
        verify_password as verify_password,
    )
    from indexer.text.highlight import (
        HighlightTerms as HighlightTerms,
        hit_spans as hit_spans,
        mark as mark_hits,
        merge_spans as merge_spans,
    )
    from indexer.text.plurals import counted as counted
    from indexer.tools.alerts import (
        Alert as Alert,
        alerts as alerts,
        atom_feed as atom_feed,
        feed_matches as feed_matches,
        new_matches as new_matches,
    )
    from indexer.tools.batch import (
        FORMATS as BATCH_FORMATS,
        MAX_QUERIES as MAX_QUERIES,
        BatchReport as BatchReport,
        run_batch as run_batch,
        write_csv as write_batch_csv,
        write_json as write_batch_json,
    )
    from indexer.tools.batch.jobs import (
        BatchStatus as BatchStatus,
        batch_report as batch_report,
        batch_status as batch_status,
        start_batch as start_batch,
    )
    from indexer.tools.batch.terms import count_query_lines as count_query_lines
    from indexer.tools.intake import (
        IntakeLimits as IntakeLimits,
        IntakeStatus as IntakeStatus,
        UploadedFile as UploadedFile,
        intake_status as intake_status,
        list_intakes as list_intakes,
        start_intake as start_intake,
    )
    from indexer.tools.saved_searches import (
        SavedSearch as SavedSearch,
        add_saved_search as add_saved_search,
        get_saved_search as get_saved_search,
        list_saved_searches as list_saved_searches,
        mark_seen as mark_seen,
        remove_saved_search as remove_saved_search,
        rename_saved_search as rename_saved_search,
        reset_feed_token as reset_feed_token,
        saved_search_for_feed as saved_search_for_feed,
    )
    from indexer.tools.uploads import (
        MAX_KEPT_BYTES as MAX_KEPT_BYTES,
        MAX_KEPT_UPLOADS as MAX_KEPT_UPLOADS,
        BatchUpload as BatchUpload,
        KeptUpload as KeptUpload,
        UploadQuotaError as UploadQuotaError,
        delete_upload as delete_upload,
        list_uploads as list_uploads,
        load_upload as load_upload,
        save_upload as save_upload,
    )


__all__ = [
    "Alert",
    "AnnotationNotFound",
    "ArchiveLimits",
    "BATCH_FORMATS",
    "BatchReport",
    "BatchStatus",
    "BatchUpload",
    "CATEGORIES",
    "CITATION_FILE_EXTENSIONS",
    "CITATION_FORMATS",
    "CITATION_MEDIA_TYPES",
    "CORRECTION_FIELDS",
    "CitationList",
    "CitingError",
    "ComparisonWindow",
    "CorrectionError",
    "CorrectionResult",
    "DEFAULT_BASE_URL",
    "DOC_ID_PATTERN",
    "DocumentInfo",
    "ENGINES",
    "Engine",
    "ExtractionError",
    "FILTER_FIELDS",
    "FieldValue",
    "FoiaError",
    "HighlightTerms",
    "HistoryEntry",
    "IndexBusyError",
    "IndexNotBuiltError",
    "Ingest",
    "IntakeLimits",
    "IntakeStatus",
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
    "PAGE_DPI",
    "PAGE_DPIS",
    "PRODUCTION_MEDIA_TYPES",
    "PageComparison",
    "PageInfo",
    "Progress",
    "QuoteResult",
    "REDACTION_FORMATS",
    "REPORT_FORMATS",
    "ROLES",
    "SORTS",
    "SYNONYMS_NAME",
    "SavedSearch",
    "SchemaOutdatedError",
    "SearchRequest",
    "SearchResult",
    "SignInError",
    "SignInThrottled",
    "Span",
    "Store",
    "StoreError",
    "THUMBNAIL_DPI",
    "Tag",
    "UnknownDocumentError",
    "UploadQuotaError",
    "UploadedFile",
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
    "convert",
    "corpus_stats",
    "correct_document",
    "correction_entry_doc_id",
    "count_query_lines",
    "count_sessions",
    "counted",
    "default_home",
    "delete_upload",
    "document_fields",
    "document_info",
    "document_json",
    "end_session",
    "end_sessions",
    "engine_for_ingest",
    "engine_hint_for",
    "engine_in_use",
    "export_production",
    "export_redactions",
    "feed_matches",
    "find_quote",
    "find_redactions",
    "get_saved_search",
    "get_user",
    "highlight_boxes",
    "highlight_terms_for",
    "history",
    "hit_page",
    "hit_spans",
    "ingest_roots",
    "intake_status",
    "is_doc_id",
    "list_documents",
    "list_intakes",
    "list_productions",
    "list_saved_searches",
    "list_uploads",
    "list_users",
    "load_upload",
    "mark_hits",
    "mark_seen",
    "matching_synonym_classes",
    "merge_spans",
    "new_matches",
    "open_engine",
    "open_original",
    "open_session",
    "page_image",
    "page_infos",
    "page_layout",
    "page_size",
    "page_words",
    "production_report",
    "production_tables",
    "public_paths",
    "read_import",
    "reindex",
    "relative_path",
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
    "start_intake",
    "suggest_query",
    "synonym_class_json",
    "tag_labels",
    "thumbnail_strip",
    "undo_correction_entry",
    "user_for_session",
    "verify_password",
    "vocabulary_for",
    "write_batch_csv",
    "write_batch_json",
    "write_corrections",
    "write_export",
]


def __getattr__(name: str) -> Any:
    """Load a public name from its module the first time it is asked for."""
    try:
        module_name, attribute = EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module_name), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
