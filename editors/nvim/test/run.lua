-- Headless Neovim test: nvim --headless --clean -c 'luafile editors/nvim/test/run.lua'
-- Environment: COPYDESK_BIN (the binary), COPYDESK_ROOT (the repository).
-- Prints "N passed, M failed" and exits non-zero on failure.
local root = os.getenv("COPYDESK_ROOT") or vim.fn.getcwd()
local bin = os.getenv("COPYDESK_BIN") or (root .. "/target/release/copydesk")
vim.opt.runtimepath:prepend(root .. "/editors/nvim")
local passed, failed = 0, 0
local function check(name, ok, detail)
  if ok then
    passed = passed + 1
    io.stdout:write("ok   " .. name .. "\n")
  else
    failed = failed + 1
    io.stdout:write("FAIL " .. name .. (detail and (": " .. tostring(detail)) or "") .. "\n")
  end
end

require("copydesk").setup({ cmd = { bin, "lsp" } })
if vim.fn.has("nvim-0.11") == 1 then
  -- 0.11+: the plugin registers through vim.lsp.config / vim.lsp.enable.
  local cfg = vim.lsp.config["copydesk"]
  check("registered with vim.lsp.config", cfg ~= nil and cfg.cmd[1] == bin and vim.lsp.is_enabled("copydesk"), vim.inspect(cfg and cfg.cmd))
end
vim.cmd("edit " .. root .. "/seeds/000_b4642a44b1688a1c.txt")
vim.bo.readonly = false
local buf = vim.api.nvim_get_current_buf()
if vim.bo[buf].filetype ~= "text" then
  vim.bo[buf].filetype = "text"
end

local function by_code()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    out[code] = out[code] or {}
    table.insert(out[code], d)
  end
  return out
end

local ok = vim.wait(15000, function()
  local c = by_code()
  return c["misattributed-title"] and c["off-topic-paragraph"] and c["inconsistent-spelling"]
end, 50)
check("three rules reported", ok)
local c = by_code()
local title_lines = {}
for _, d in ipairs(c["misattributed-title"] or {}) do
  title_lines[d.lnum] = (title_lines[d.lnum] or 0) + 1
end
check("two title findings on line 34", title_lines[33] == 2, vim.inspect(title_lines))
check("off-topic paragraph at line 23", (c["off-topic-paragraph"] or {})[1] and c["off-topic-paragraph"][1].lnum == 22)

-- Hover on "Secretary of Defense John Bolton".
local bolton
for _, d in ipairs(c["misattributed-title"] or {}) do
  if d.message:find("not John Bolton", 1, true) then
    bolton = d
  end
end
check("Bolton finding", bolton ~= nil)
if bolton then
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = bolton.lnum, character = bolton.col + 2 } }
  local res = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 5000) or {}
  local text = ""
  for _, r in pairs(res) do
    if r.result and r.result.contents then
      text = text .. (r.result.contents.value or "")
    end
  end
  check("hover names the holder", text:find("Pete Hegseth (since 2025-01-25)", 1, true) ~= nil, text:sub(1, 200))
end

-- Fix all: the house-style spelling (seeds/copydesk.toml prefers Zelenskyy).
require("copydesk").fix_all(buf)
local first = vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1]
check("fix-all applied the house style", first == "Trump Urges Zelenskyy to Show Flexibility Ahead of Peace Talks with Putin; UK May Deploy Troops for Ukraine Security Guarantees", first)
local all = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
check("fix-all left the titles alone", all:find("Secretary of Defense John Bolton", 1, true) ~= nil)

local v = vim.version()
io.stdout:write(string.format("nvim %d.%d.%d: %d passed, %d failed\n", v.major, v.minor, v.patch, passed, failed))
for _, client in pairs(vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()) do
  if vim.fn.has("nvim-0.11") == 1 then
    client:stop()
  else
    client.stop()
  end
end
if failed > 0 then
  vim.cmd("cquit 1")
else
  vim.cmd("qall!")
end
