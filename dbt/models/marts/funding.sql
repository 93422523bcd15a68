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
    instr(evidence, amount_text) as amount_text_position,
    confidence
from {{ ref('int_funding') }}
-- A headline that repeats an amount of the body is the same commitment: keep its best-evidenced mention.
qualify row_number() over (
    partition by doc_id, amount_usd order by confidence desc, sentence_no, match_no
) = 1
