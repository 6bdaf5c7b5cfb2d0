-- wrk script: each request takes the next line of a file, "PATH<TAB>HEADER: VALUE",
-- so one wrk run rotates over many people (their cookies or tokens) and pages.
-- wrk -t1 -c32 -d10s -s bench/rotate.lua http://127.0.0.1:PORT -- requests.txt
local lines = {}
local position = 0

function init(args)
  for line in io.lines(args[1]) do
    local path, header = line:match("^([^\t]*)\t(.*)$")
    local name, value = header:match("^([^:]+):%s*(.*)$")
    lines[#lines + 1] = {path = path, name = name, value = value}
  end
  position = math.random(#lines)
end

function request()
  position = position % #lines + 1
  local line = lines[position]
  return wrk.format("GET", line.path, {[line.name] = line.value})
end
