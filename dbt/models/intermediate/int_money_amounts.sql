-- Money expressions with their value in USD, qualifier and the rate used.
-- A foreign amount followed by its dollar equivalent in brackets ("S/ 37 million (about $10 million)")
-- takes that equivalent, and the bracketed amount is not counted again.
with mentions as (
    select
        m.*,
        coalesce(c.currency, cw.currency) as currency,
        coalesce(sc.multiplier, 1) as multiplier,
        round(m.number_value * coalesce(sc.multiplier, 1), 2) as amount_original,
        d.published_date
    from {{ ref('int_money_mentions') }} as m
    left join {{ ref('currencies') }} as c on c.token = m.currency_token
    left join {{ ref('currency_words') }} as cw on lower(cw.word) = lower(m.currency_word)
    left join {{ ref('money_scales') }} as sc on sc.word = m.scale_word
    left join {{ ref('stg_documents') }} as d on d.doc_id = m.doc_id
    where coalesce(c.currency, cw.currency) is not null
),

with_next as (
    select
        *,
        lead(currency) over w as next_currency,
        lead(amount_original) over w as next_amount,
        lead(match_start) over w as next_start,
        lag(currency) over w as prev_currency,
        lag(match_end) over w as prev_end
    from mentions
    window w as (partition by doc_id, sentence_no order by match_no)
),

flagged as (
    select
        *,
        -- "(about $10 million)" right after a foreign amount: the document states the conversion.
        currency <> 'USD' and next_currency = 'USD'
            and regexp_matches(
                substring(sentence, match_end + 1, next_start - match_end),
                '^\s*[\(\[,–-]\s*(?:or\s+|about\s+|approximately\s+|roughly\s+|around\s+|some\s+|equivalent to\s+|unos\s+|aproximadamente\s+)?(?:US)?$'
            ) as has_stated_equivalent,
        currency = 'USD' and prev_currency is not null and prev_currency <> 'USD'
            and regexp_matches(
                substring(sentence, prev_end + 1, match_start - prev_end),
                '^\s*[\(\[,–-]\s*(?:or\s+|about\s+|approximately\s+|roughly\s+|around\s+|some\s+|equivalent to\s+|unos\s+|aproximadamente\s+)?(?:US)?$'
            ) as is_stated_equivalent
    from with_next
),

rated as (
    select
        f.*,
        r.usd_per_unit,
        r.source as rate_source_table
    from flagged as f
    left join {{ ref('exchange_rates') }} as r
        on r.currency = f.currency
        and coalesce(f.published_date, current_date) between r.valid_from and r.valid_to
),

qualified as (
    select
        r.*,
        q.qualifier as qualifier_found
    from rated as r
    left join {{ ref('money_qualifiers') }} as q
        on lower(regexp_extract(
            r.text_before,
            '(?i)(' || {{ rule_alternation('money_qualifiers', 'phrase') }} || ')\s*(?:US)?$', 1
        )) = q.phrase
)

select
    doc_id,
    sentence_no,
    match_no,
    sentence,
    amount_text,
    match_start,
    match_end,
    text_before,
    text_after,
    currency,
    amount_original,
    case
        when has_stated_equivalent then next_amount
        when currency = 'USD' then amount_original
        else round(amount_original * usd_per_unit, 2)
    end as amount_usd,
    case
        when currency = 'USD' then 'none (amount in USD)'
        when has_stated_equivalent then 'stated in document'
        when usd_per_unit is not null then 'table: ' || rate_source_table
    end as rate_used,
    case
        when has_stated_equivalent then next_amount / nullif(amount_original, 0)
        when currency = 'USD' then 1.0
        else usd_per_unit
    end as usd_per_unit,
    coalesce(qualifier_found, 'exact') as qualifier,
    is_stated_equivalent
from qualified
