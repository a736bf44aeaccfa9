-- Headless Neovim end-to-end check of the InfraGenius language server.
-- Run: nvim --headless -u NONE -l nvim_e2e.lua  with IG_SERVER (JSON list), IG_FILE, IG_OUT set
-- (and IG_COMPOSE, a Compose file beside IG_FILE, for the Compose steps).
-- Writes a JSON report to IG_OUT and exits 0 on success, 1 on failure.
local out_path = assert(os.getenv("IG_OUT"), "IG_OUT not set")
local server_cmd = vim.json.decode((assert(os.getenv("IG_SERVER"), "IG_SERVER not set")))
local file = assert(os.getenv("IG_FILE"), "IG_FILE not set")
local report = { steps = {} }

local function finish(ok, err)
  report.ok = ok
  report.error = err
  local fh = assert(io.open(out_path, "w"))
  fh:write(vim.json.encode(report))
  fh:close()
  os.exit(ok and 0 or 1)
end

local function step(name, value)
  report.steps[name] = value
end

local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, string.format("%s@%d:%d", tostring(d.code), d.lnum, d.col))
  end
  table.sort(out)
  return out
end

local function has_code(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then return d end
  end
  return nil
end

local ok, err = pcall(function()
  vim.cmd.edit(vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = "dockerfile" -- -u NONE turns filetype detection off

  local config = { name = "infragenius", cmd = server_cmd, root_dir = vim.fs.dirname(file) }
  local client_id
  if vim.lsp.start then
    client_id = vim.lsp.start(config, { bufnr = bufnr })
  else
    client_id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  assert(client_id, "server did not start")
  local client = vim.lsp.get_client_by_id(client_id)

  -- 1. diagnostics arrive
  assert(vim.wait(20000, function() return has_code(bufnr, "DF001") ~= nil end, 20), "no DF001 diagnostic: " .. vim.inspect(codes(bufnr)))
  step("diagnostics", codes(bufnr))
  local diag = has_code(bufnr, "DF001")

  -- 2. hover on the diagnostic shows the rule docs
  local pos = { textDocument = vim.lsp.util.make_text_document_params(bufnr), position = { line = diag.lnum, character = diag.col } }
  local hover = client:request_sync("textDocument/hover", pos, 10000, bufnr)
  assert(hover and hover.result, "no hover result")
  local contents = hover.result.contents
  local text = type(contents) == "table" and (contents.value or vim.inspect(contents)) or tostring(contents)
  assert(text:find("MAINTAINER"), "hover does not document the rule: " .. text)
  step("hover", text:sub(1, 120))

  -- 3. code actions for the diagnostic; apply the rule's quick fix
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = { start = { line = diag.lnum, character = diag.col }, ["end"] = { line = diag.end_lnum, character = diag.end_col } },
    context = { diagnostics = vim.lsp.diagnostic.from(vim.diagnostic.get(bufnr, { lnum = diag.lnum })), only = { "quickfix" } },
  }
  local actions = client:request_sync("textDocument/codeAction", params, 10000, bufnr)
  assert(actions and actions.result, "no code actions")
  local titles, chosen = {}, nil
  for _, action in ipairs(actions.result) do
    table.insert(titles, action.title)
    if action.title:find("LABEL") and action.edit then chosen = action end
  end
  step("code_actions", titles)
  assert(chosen, "no quick fix replacing MAINTAINER")
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding)
  step("line_after_fix", vim.api.nvim_buf_get_lines(bufnr, diag.lnum, diag.lnum + 1, false)[1])

  -- 4. the finding disappears after the edit
  assert(vim.wait(20000, function() return has_code(bufnr, "DF001") == nil end, 20), "DF001 still reported after the fix")
  step("diagnostics_after_fix", codes(bufnr))

  -- 5. a Compose file (IG_COMPOSE) in the same workspace: its diagnostics, and a hover on a key
  local compose = os.getenv("IG_COMPOSE")
  if compose then
    vim.o.hidden = true -- the Dockerfile buffer holds the applied fix, unsaved
    vim.cmd.edit(vim.fn.fnameescape(compose))
    local cbuf = vim.api.nvim_get_current_buf()
    vim.bo[cbuf].filetype = "yaml"
    vim.lsp.buf_attach_client(cbuf, client_id)
    assert(vim.wait(20000, function() return has_code(cbuf, "DC005") ~= nil end, 20), "no DC005 diagnostic: " .. vim.inspect(codes(cbuf)))
    step("compose_diagnostics", codes(cbuf))
    local at = { textDocument = vim.lsp.util.make_text_document_params(cbuf), position = { line = 2, character = 6 } }
    local reply = client:request_sync("textDocument/hover", at, 10000, cbuf)
    assert(reply and reply.result, "no hover on the compose file")
    local value = reply.result.contents
    step("compose_hover", (type(value) == "table" and (value.value or vim.inspect(value)) or tostring(value)):sub(1, 120))
  end
  client:stop()
end)

finish(ok, ok and nil or tostring(err))
