select
    doc_id,
    mineral,
    count(*) as mention_count,
    arg_min(sentence, sentence_no * 1000 + match_no) as evidence,
    min(sentence_no) as evidence_sentence_no,
    max(confidence) as confidence
from {{ ref('int_mineral_mentions') }}
group by doc_id, mineral
