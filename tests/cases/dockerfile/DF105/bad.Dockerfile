FROM python:3.12-slim
RUN pip install --no-cache-dir requests flask==3.0.3
RUN python3 -m pip install --no-cache-dir --upgrade pip
RUN pip3 install --no-cache-dir -t /opt/lib --index-url https://pypi.example.com/simple "uvicorn[standard]"
# unquoted, ">=" is a redirection: flask is installed unpinned and the output goes to a file "=3"
RUN pip install --no-cache-dir flask>=3
RUN pip install --no-cache-dir git+https://github.com/org/repo.git git+ssh://git@github.com/org/other.git
