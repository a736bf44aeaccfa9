FROM python:3.12-slim
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir --requirement requirements.txt -c constraints.txt
RUN pip install --no-cache-dir .
RUN pip install --no-cache-dir -e .
RUN pip install --no-cache-dir "requests==${REQUESTS_VERSION}" "flask>=3" "uvicorn[standard]~=0.30" django==$DJANGO
RUN pip install --no-cache-dir ./dist/app-1.0-py3-none-any.whl https://example.com/pkg.tar.gz git+https://github.com/x/y.git@v1.0.0
RUN pip install --no-cache-dir --index-url https://pypi.example.com/simple --target /opt/lib app==1.0
RUN pip install --no-cache-dir -c constraints.txt requests
RUN pip install --no-cache-dir git+https://github.com/org/repo.git@v1.2.0 "git+ssh://git@github.com/org/other.git@0123abc#egg=other"
