-- Quantitative facts about minerals (ranks, shares, tonnages, project counts). Each pattern is a row of
-- the `mineral_fact_patterns` seed; {MINERALS}, {ORDINAL} and {NUMBER} expand from the vocabulary seeds.
with vocab as (
    select
        {{ rule_alternation('mineral_aliases', 'alias') }} as alias_alt,
        {{ rule_alternation('ordinals', 'word') }} as ordinal_alt,
        {{ rule_alternation('number_words', 'word') }} as number_word_alt,
        {{ rule_alternation('money_scales', 'word') }} as scale_alt
),

patterns as (
    select
        p.*,
        '(?i)' || replace(replace(replace(p.regex,
            '{MINERALS}', '(?:' || v.alias_alt || ')(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+y\s+)(?:' || v.alias_alt || '))*'),
            '{ORDINAL}', '(?:' || v.ordinal_alt || ')'),
            '{NUMBER}', '(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|' || v.number_word_alt || ')(?:\s+(?:' || v.scale_alt || '))?'
        ) as re,
        '(?i)\b(' || v.alias_alt || ')\b' as alias_re,
        v.scale_alt
    from {{ ref('mineral_fact_patterns') }} as p
    cross join vocab as v
),

matches as (
    select
        s.doc_id, s.sentence_no, s.sentence,
        p.pattern_id, p.metric, p.unit, p.value_kind, p.priority, p.alias_re, p.scale_alt,
        unnest(regexp_extract_all(s.sentence, p.re, 1)) as g1,
        unnest(regexp_extract_all(s.sentence, p.re, 2)) as g2,
        p.mineral_first
    from {{ ref('stg_sentences') }} as s
    inner join patterns as p
        on regexp_matches(s.sentence, p.re)
        and (p.sentence_must_match is null or regexp_matches(lower(s.sentence), p.sentence_must_match))
),

parts as (
    select
        *,
        case when mineral_first then g2 else g1 end as value_text,
        case when mineral_first then g1 else g2 end as minerals_text
    from matches
),

valued as (
    select
        p.*,
        case p.value_kind
            when 'ordinal' then (select o.value from {{ ref('ordinals') }} as o where o.word = lower(p.value_text))
            else coalesce(
                try_cast(replace(regexp_extract(p.value_text, '^[\d.,]+'), ',', '') as double),
                (select n.value from {{ ref('number_words') }} as n
                 where n.word = lower(regexp_extract(p.value_text, '^(?i)(' || (select string_agg(regexp_escape(word), '|' order by length(word) desc) from {{ ref('number_words') }}) || ')', 1)))
            ) * coalesce(
                (select sc.multiplier from {{ ref('money_scales') }} as sc
                 where sc.word = lower(regexp_extract(p.value_text, '\s(\S+)$', 1))),
                1
            )
        end as value
    from parts as p
),

per_mineral as (
    select
        v.doc_id, v.sentence_no, v.sentence, v.pattern_id, v.metric, v.unit, v.priority, v.value_text,
        cast(v.value as double) as value,
        a.mineral
    from valued as v,
        unnest(regexp_extract_all(v.minerals_text, v.alias_re, 1)) as t(alias_text)
    inner join {{ ref('mineral_aliases') }} as a on a.alias = lower(t.alias_text)
    where v.value is not null
),

entity_re as (
    select '(?:^|[^A-Za-z])(' || {{ rule_alternation('entities', 'alias') }} || ')(?:[^A-Za-z]|$)' as re
)

select
    f.doc_id,
    f.sentence_no,
    e.country,
    f.mineral,
    arg_min(f.metric, f.priority) as metric,
    f.value,
    arg_min(f.unit, f.priority) as unit,
    arg_min(f.pattern_id, f.priority) as pattern_id,
    any_value(f.sentence) as evidence,
    case when min(f.priority) = 1 then 0.9 when min(f.priority) = 2 then 0.8 else 0.6 end as confidence
from per_mineral as f
cross join entity_re as r
left join {{ ref('entities') }} as e
    on e.alias = nullif(regexp_extract(f.sentence, r.re, 1), '')
group by f.doc_id, f.sentence_no, e.country, f.mineral, f.value
