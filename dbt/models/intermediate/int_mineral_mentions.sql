-- Every mineral alias in every sentence. Aliases that are also common words (lead, tin, silver, gold, iron:
-- `ambiguous` in the minerals seed) count only beside another mineral or a mining context word.
with patterns as (
    select
        '(?i)\b(' || {{ rule_alternation('mineral_aliases', 'alias') }} || ')\b' as alias_re,
        '(?i)(^|[^[:alpha:]])(' || {{ rule_alternation('mineral_context_words', 'word') }} || ')([^[:alpha:]]|$)' as context_re
),

split as (
    select
        s.doc_id, s.sentence_no, s.sentence, p.context_re,
        regexp_extract_all(s.sentence, p.alias_re, 1) as matches,
        regexp_split_to_array(s.sentence, p.alias_re) as pieces
    from {{ ref('stg_sentences') }} as s
    cross join patterns as p
    where regexp_matches(s.sentence, p.alias_re)
),

unnested as (
    select
        doc_id, sentence_no, sentence, context_re, pieces,
        unnest(matches) as alias_text,
        unnest(range(1, len(matches) + 1)) as match_no
    from split
),

positioned as (
    select
        *,
        sum(length(pieces[match_no]) + length(alias_text)) over (
            partition by doc_id, sentence_no order by match_no rows between unbounded preceding and current row
        )::bigint - length(alias_text) as match_start
    from unnested
),

resolved as (
    select
        p.doc_id, p.sentence_no, p.match_no, p.sentence, p.alias_text, p.match_start,
        a.mineral,
        m.ambiguous,
        regexp_matches(
            substring(p.sentence, greatest(1, p.match_start - 39), least(p.match_start, 40) + length(p.alias_text) + 40),
            p.context_re
        ) as has_context_word
    from positioned as p
    inner join {{ ref('mineral_aliases') }} as a on a.alias = lower(p.alias_text)
    inner join {{ ref('mineral_catalog') }} as m on m.mineral = a.mineral
),

with_neighbours as (
    select
        r.*,
        exists (
            select 1 from resolved as o
            where o.doc_id = r.doc_id and o.sentence_no = r.sentence_no and o.match_no <> r.match_no
              and not o.ambiguous and abs(o.match_start - r.match_start) <= 60
        ) or exists (
            select 1 from resolved as o
            where o.doc_id = r.doc_id and o.sentence_no = r.sentence_no and o.match_no <> r.match_no
              and abs(o.match_start - r.match_start) <= 25
        ) as has_mineral_neighbour
    from resolved as r
)

select
    doc_id,
    sentence_no,
    match_no,
    sentence,
    alias_text,
    mineral,
    case when not ambiguous then 1.0 when has_mineral_neighbour then 0.9 else 0.7 end as confidence
from with_neighbours
where not ambiguous or has_mineral_neighbour or has_context_word
