-- Headless test of the README's Neovim 0.7 init.lua (loaded with -u): run by
-- tests/it/editor_nvim_readme.rs in a workspace whose copydesk.toml names a source folder
-- that does not exist and prefers 'Sergei', while the init.lua's settings prefer
-- 'Zelenskyy'. Checks: the missing folder reaches the screen (window/showMessage), both
-- house styles apply (client settings merge with copydesk.toml), and the README's keys
-- are mapped in the draft's buffer. Prints "N passed, M failed".
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

local shown = {}
local default = vim.lsp.handlers["window/showMessage"]
vim.lsp.handlers["window/showMessage"] = function(err, result, ctx, config)
  table.insert(shown, result.message)
  return default(err, result, ctx, config)
end

vim.cmd("edit " .. os.getenv("COPYDESK_DRAFT"))
local buf = vim.api.nvim_get_current_buf()
local ok = vim.wait(15000, function()
  return #vim.diagnostic.get(buf) >= 2
end, 50)
local messages = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(messages, d.message)
end
table.sort(messages)
check("copydesk.toml's and init.lua's house styles both apply", ok and #messages == 2
  and messages[1]:find("^'Sergey'.*'Sergei'") ~= nil and messages[2]:find("^'Zelensky'.*'Zelenskyy'") ~= nil,
  vim.inspect(messages))
vim.wait(3000, function()
  return #shown > 0
end, 50)
local missing = false
for _, m in ipairs(shown) do
  missing = missing or m:find("/missing (from copydesk.toml) does not exist", 1, true) ~= nil
end
check("the missing source folder is shown on screen", missing, vim.inspect(shown))
check("K is hover in the draft", vim.fn.maparg("K", "n", false, true).buffer == 1)
check("<Leader>ca is code actions in the draft", vim.fn.maparg("<Leader>ca", "n", false, true).buffer == 1)

local v = vim.version()
io.stdout:write(string.format("nvim %d.%d.%d: %d passed, %d failed\n", v.major, v.minor, v.patch, passed, failed))
for _, client in pairs(vim.lsp.get_active_clients()) do
  client.stop()
end
if failed > 0 then
  vim.cmd("cquit 1")
else
  vim.cmd("qall!")
end
