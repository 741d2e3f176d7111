FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# WeasyPrint (notes verbales as PDF): Pango, HarfBuzz's subsetter and the Noto fonts;
# gettext's msgfmt compiles the French and Spanish catalogues below.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core gettext \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# The .po files are committed, the .mo files Django reads are built here (as `make messages`).
RUN DJANGO_DEBUG=1 python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
RUN useradd --create-home nomina && mkdir -p /app/var && chown -R nomina /app/var
USER nomina
EXPOSE 8000
CMD ["gunicorn", "--config", "config/gunicorn.py", "config.wsgi:application", "--bind", "0.0.0.0:8000"]
