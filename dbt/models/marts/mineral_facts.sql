select
    md5(doc_id || ':' || sentence_no || ':' || mineral || ':' || metric || ':' || value) as fact_id,
    doc_id,
    country,
    mineral,
    metric,
    value,
    unit,
    pattern_id,
    sentence_no as evidence_sentence_no,
    evidence,
    confidence
from {{ ref('int_mineral_facts') }}
