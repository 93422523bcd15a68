-- Every mineral alias in every sentence. Aliases that are also common words (lead, tin, silver, gold, iron:
-- `ambiguous` in the minerals seed) count only beside another mineral or a mining context word.
with patterns as (
    select
        '(?i)\b(' || {{ rule_alternation('mineral_aliases', 'alias') }} || ')\b' as alias_re,
        '(?i)(^|[^[:alpha:]])(' || {{ rule_alternation('mineral_context_words', 'word') }} || ')([^[:alpha:]]|$)' as context_re
),

sentences as (
    select s.doc_id, s.sentence_no, s.sentence, p.alias_re, p.context_re
    from {{ ref('stg_sentences') }} as s
    cross join patterns as p
    where regexp_matches(s.sentence, p.alias_re)
),

positioned as (
    {{ matches_with_offsets('sentences', 'sentence', 'alias_re', ['doc_id', 'sentence_no'], ['sentence', 'context_re']) }}
),

resolved as (
    select
        p.doc_id, p.sentence_no, p.match_no, p.sentence, p.match_text as alias_text, p.match_start,
        a.mineral,
        m.ambiguous,
        regexp_matches(
            substring(p.sentence, greatest(1, p.match_start - 39), least(p.match_start, 40) + length(p.match_text) + 40),
            p.context_re
        ) as has_context_word
    from positioned as p
    inner join {{ ref('mineral_aliases') }} as a on a.alias = lower(p.match_text)
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
),

false_friends as (
    -- "will lead to", "silver lining": the word, not the mineral (seed `mineral_false_friends`).
    select distinct n.doc_id, n.sentence_no, n.match_no
    from with_neighbours as n
    inner join {{ ref('mineral_false_friends') }} as f on f.alias = lower(n.alias_text)
    where (nullif(f.before_regex, '') is not null
           and regexp_matches(lower(substring(n.sentence, greatest(1, n.match_start - 39), least(n.match_start, 40))), f.before_regex))
       or (nullif(f.after_regex, '') is not null
           and regexp_matches(lower(substring(n.sentence, n.match_start + length(n.alias_text) + 1, 40)), f.after_regex))
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
where (not ambiguous or has_mineral_neighbour or has_context_word)
  and (doc_id, sentence_no, match_no) not in (select (f.doc_id, f.sentence_no, f.match_no) from false_friends as f)
