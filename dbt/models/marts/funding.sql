select
    md5(doc_id || ':' || sentence_no || ':' || match_no) as funding_id,
    doc_id,
    amount_usd,
    amount_original,
    currency,
    amount_text,
    usd_per_unit,
    rate_used,
    qualifier,
    funder,
    recipient,
    purpose,
    flow_type,
    status,
    sentence_no as evidence_sentence_no,
    evidence,
    confidence
from {{ ref('int_funding') }}
