# arguments holding a variable are unknown: a bare $OPTS may hold -c constraints.txt
FROM python:3.12
RUN pip install --no-cache-dir $PIP_OPTS requests
RUN pip install --no-cache-dir -r requirements.txt ${PIP_EXTRA_ARGS:-} flask
RUN pip install --no-cache-dir "requests${VERSION:+==$VERSION}" "$PACKAGE" ${PKG}[extra]
