-- Countries each sentence names, directly or through an organisation (NASA -> United States).
with entity_re as (
    select '(?:^|[^A-Za-z])(' || {{ rule_alternation('entities', 'alias') }} || ')(?:[^A-Za-z]|$)' as re
),

hits as (
    select s.doc_id, s.sentence_no, unnest(regexp_extract_all(s.sentence, r.re, 1)) as alias
    from {{ ref('stg_sentences') }} as s
    cross join entity_re as r
)

select h.doc_id, h.sentence_no, e.country, count(*) as mentions
from hits as h
inner join {{ ref('entities') }} as e on e.alias = h.alias
where e.country is not null
group by all
