-- copydesk for Neovim: starts `copydesk lsp` for Markdown and plain text.
--
--   require("copydesk").setup({
--     cmd = { "copydesk", "lsp" },          -- the server binary
--     filetypes = { "markdown", "text" },
--     root_markers = { "copydesk.toml", ".git" },
--     settings = { spelling = { prefer = { "Zelenskyy" } } }, -- merged with copydesk.toml
--   })
--
-- Uses vim.lsp.config / vim.lsp.enable on Neovim 0.11+, vim.lsp.start on 0.8+, and
-- vim.lsp.start_client + buf_attach_client on 0.7. Commands: :CopydeskFixAll, :CopydeskRestart.
local M = {}

M.defaults = {
  cmd = { "copydesk", "lsp" },
  filetypes = { "markdown", "text" },
  root_markers = { "copydesk.toml", ".git" },
  settings = {},
  init_options = {},
}

M.config = vim.deepcopy(M.defaults)
local clients = {} -- root dir -> client id (Neovim < 0.8)

local function find_root(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(name, ":p:h")
  for _, marker in ipairs(M.config.root_markers) do
    local f = vim.fn.findfile(marker, dir .. ";")
    if f ~= "" then
      return vim.fn.fnamemodify(f, ":p:h")
    end
    local d = vim.fn.finddir(marker, dir .. ";")
    if d ~= "" then
      return vim.fn.fnamemodify(d, ":p:h:h")
    end
  end
  return dir
end

local function client_config(root)
  return {
    name = "copydesk",
    cmd = M.config.cmd,
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = root } },
    init_options = M.config.init_options,
    settings = { copydesk = M.config.settings },
    handlers = {
      -- Answer workspace/configuration with our settings on every Neovim version.
      ["workspace/configuration"] = function(_, params)
        local out = {}
        for _, item in ipairs(params.items or {}) do
          if item.section == "copydesk" then
            table.insert(out, M.config.settings)
          else
            table.insert(out, vim.NIL)
          end
        end
        return out
      end,
    },
  }
end

--- Start (or reuse) the server for a buffer.
function M.start(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local root = find_root(bufnr)
  if vim.lsp.start then
    return vim.lsp.start(client_config(root), { bufnr = bufnr })
  end
  local id = clients[root]
  if not id or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(client_config(root))
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

local function copydesk_clients(bufnr)
  local out = {}
  local all = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) or vim.lsp.buf_get_clients(bufnr)
  for _, c in pairs(all) do
    if c.name == "copydesk" then
      table.insert(out, c)
    end
  end
  return out
end

--- Apply every safe fix in the buffer (source.fixAll.copydesk).
function M.fix_all(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  for _, client in ipairs(copydesk_clients(bufnr)) do
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = { start = { line = 0, character = 0 }, ["end"] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 } },
      context = { diagnostics = {}, only = { "source.fixAll.copydesk" } },
    }
    local res
    if vim.fn.has("nvim-0.11") == 1 then
      res = client:request_sync("textDocument/codeAction", params, 5000, bufnr)
    else
      res = client.request_sync("textDocument/codeAction", params, 5000, bufnr)
    end
    for _, action in ipairs((res and res.result) or {}) do
      if action.edit then
        vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or "utf-16")
      end
    end
  end
end

--- Restart the server(s) of the buffer.
function M.restart(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  for _, c in ipairs(copydesk_clients(bufnr)) do
    if vim.fn.has("nvim-0.11") == 1 then
      c:stop()
    else
      c.stop()
    end
  end
  clients = {}
  vim.defer_fn(function()
    M.start(bufnr)
  end, 200)
end

function M.setup(opts)
  M.config = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  vim.api.nvim_create_user_command("CopydeskFixAll", function()
    M.fix_all()
  end, { desc = "copydesk: apply every safe fix" })
  vim.api.nvim_create_user_command("CopydeskRestart", function()
    M.restart()
  end, { desc = "copydesk: restart the language server" })
  if vim.lsp.config and vim.lsp.enable then
    vim.lsp.config("copydesk", {
      cmd = M.config.cmd,
      filetypes = M.config.filetypes,
      root_markers = M.config.root_markers,
      init_options = M.config.init_options,
      settings = { copydesk = M.config.settings },
    })
    vim.lsp.enable("copydesk")
    return
  end
  local group = vim.api.nvim_create_augroup("copydesk", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.config.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
end

return M
