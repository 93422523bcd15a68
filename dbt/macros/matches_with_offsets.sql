{#- Every match of `pattern` in `text_column`, one row each, with its 1-based number and 0-based offset.
    DuckDB returns matches without positions, so the offset is rebuilt from the pieces between matches:
    everything before match n is pieces[1..n] plus matches[1..n-1]. -#}
{% macro matches_with_offsets(source, text_column, pattern, keys, carry) -%}
select
    {{ (keys + carry) | join(', ') }},
    match_text,
    match_no,
    (sum(length(pieces[match_no]) + length(match_text)) over (
        partition by {{ keys | join(', ') }} order by match_no rows between unbounded preceding and current row
    ))::bigint - length(match_text) as match_start
from (
    select
        {{ (keys + carry) | join(', ') }},
        pieces,
        unnest(matches) as match_text,
        unnest(range(1, len(matches) + 1)) as match_no
    from (
        select
            *,
            regexp_extract_all({{ text_column }}, {{ pattern }}) as matches,
            regexp_split_to_array({{ text_column }}, {{ pattern }}) as pieces
        from {{ source }}
    )
    where len(matches) > 0
)
{%- endmacro %}
