# The pressmine image: the locked environment plus the project, running the scheduled deployment.
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PREFECT_SERVER_ANALYTICS_ENABLED=false \
    PRESSMINE_FLOW_RETRIES=2

RUN pip install --no-cache-dir "uv==0.13.9" && apt-get update \
    && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
RUN uv sync --frozen --no-dev

# data/ (warehouse and published snapshot) is a named volume in docker-compose.yml.
VOLUME ["/app/data"]
CMD ["pressmine", "serve"]
