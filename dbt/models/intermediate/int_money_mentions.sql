-- Every money expression in every sentence: currency token, number, scale word, position and the text
-- around it. Currencies and scales come from the seeds; adding a row extends what is recognised.
-- Two shapes: the currency before the number ("US$ 2.5 million") or a currency word after it
-- ("150 millones de dólares", "5 million U.S. dollars").
with patterns as (
    select
        '(' || {{ rule_alternation('currencies', 'token') }} || ')\s?'
        || '(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)'
        || '(?:\s?(' || {{ rule_alternation('money_scales', 'word') }} || ')\b)?' as money_re,
        '()(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)'
        || '(?:\s?(' || {{ rule_alternation('money_scales', 'word') }} || ')\b)?'
        || '\s+(?:de\s+|of\s+)?(' || {{ rule_alternation('currency_words', 'word') }} || ')\b' as words_re
),

sentences as (
    select s.doc_id, s.sentence_no, s.sentence, p.money_re, p.words_re
    from {{ ref('stg_sentences') }} as s
    cross join patterns as p
    where regexp_matches(s.sentence, '\d')
),

symbol_first as (
    {{ matches_with_offsets('sentences', 'sentence', 'money_re', ['doc_id', 'sentence_no'], ['sentence', 'money_re']) }}
),

word_after as (
    {{ matches_with_offsets('sentences', 'sentence', 'words_re', ['doc_id', 'sentence_no'], ['sentence', 'words_re']) }}
),

positioned as (
    select
        doc_id, sentence_no, sentence, match_text, match_start,
        regexp_extract(match_text, money_re, 1) as currency_token,
        null::varchar as currency_word,
        regexp_extract(match_text, money_re, 2) as number_text,
        regexp_extract(match_text, money_re, 3) as scale_text
    from symbol_first
    union all
    select
        w.doc_id, w.sentence_no, w.sentence, w.match_text, w.match_start,
        null, regexp_extract(w.match_text, w.words_re, 4), regexp_extract(w.match_text, w.words_re, 2),
        regexp_extract(w.match_text, w.words_re, 3)
    from word_after as w
    -- "US$ 5 million dollars" is one amount: the symbol-first match already has it.
    where not exists (
        select 1 from symbol_first as f
        where f.doc_id = w.doc_id and f.sentence_no = w.sentence_no
          and w.match_start < f.match_start + length(f.match_text) and f.match_start < w.match_start + length(w.match_text)
    )
)

select
    doc_id,
    sentence_no,
    row_number() over (partition by doc_id, sentence_no order by match_start) as match_no,
    sentence,
    trim(match_text) as amount_text,
    match_start,
    match_start + length(match_text) as match_end,
    currency_token,
    currency_word,
    cast(replace(number_text, ',', '') as double) as number_value,
    nullif(lower(scale_text), '') as scale_word,
    substring(sentence, greatest(1, match_start - 99), least(match_start, 100)) as text_before,
    substring(sentence, match_start + length(match_text) + 1, 60) as text_after
from positioned
