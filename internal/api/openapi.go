package api

import (
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"stackdesk/internal/qa"
)

var paramRE = regexp.MustCompile(`:([a-z_]+)`)

// OpenAPIPath turns an Echo path into OpenAPI syntax: /questions/:id → /questions/{id}.
func OpenAPIPath(echoPath string) string { return paramRE.ReplaceAllString(echoPath, "{$1}") }

// operationIDChars turns an OpenAPI path into the rest of an operationId:
// "/help-sessions/{id}/events" gives "_help_sessions_by_id_events",
// "/analytics/deflection.csv" "_analytics_deflection_csv".
var operationIDChars = strings.NewReplacer("/", "_", "-", "_", ".", "_", "{", "by_", "}", "")

// operationID names an operation by its method and path, in the characters
// client generators accept.
func operationID(method, path string) string {
	return strings.ToLower(method) + operationIDChars.Replace(path)
}

// openAPI builds the OpenAPI 3.1 document from the route table; schemas come
// from the Go types themselves, so the document cannot drift from the code.
func openAPI(rs []route) map[string]any {
	schemas := map[string]any{}
	paths := map[string]any{}
	errorRef := schemaRef(reflect.TypeOf(errorBody{}), schemas)
	for _, r := range rs {
		p := OpenAPIPath(r.Path)
		item, _ := paths[p].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[p] = item
		}
		op := map[string]any{"summary": r.Summary, "tags": []string{r.Tag},
			"operationId": operationID(r.Method, p)}
		var params []any
		for _, m := range paramRE.FindAllStringSubmatch(r.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "integer"}})
		}
		q := r.Query
		if r.Paged {
			q = append([]string{"page", "page_size"}, q...)
		}
		for _, name := range q {
			typ := "string"
			if name == "page" || name == "page_size" || name == "limit" {
				typ = "integer"
			}
			params = append(params, map[string]any{"name": name, "in": "query", "schema": map[string]any{"type": typ}})
		}
		if params != nil {
			op["parameters"] = params
		}
		if r.Body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"application/json": map[string]any{"schema": schemaRef(reflect.TypeOf(r.Body), schemas)}}}
		}
		responses := map[string]any{}
		ok := map[string]any{"description": http.StatusText(r.Status)}
		if r.CSV {
			ok["content"] = map[string]any{"text/csv": map[string]any{"schema": map[string]any{"type": "string"}}}
		}
		if r.Returns != nil {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": schemaRef(reflect.TypeOf(r.Returns), schemas)}}
		}
		responses[itoa(int64(r.Status))] = ok
		if r.Repeat {
			again := map[string]any{"description": "OK: the same sent again by its author within " +
				strconv.Itoa(int(qa.RepeatWindow.Minutes())) + " minutes (a retry): the first one, nothing created"}
			if c, found := ok["content"]; found {
				again["content"] = c
			}
			responses["200"] = again
		}
		errResp := func(code int) map[string]any {
			return map[string]any{"description": http.StatusText(code),
				"content": map[string]any{"application/json": map[string]any{"schema": errorRef}}}
		}
		for _, code := range errorStatuses(r) {
			responses[itoa(int64(code))] = errResp(code)
		}
		op["responses"] = responses
		if r.Auth {
			op["security"] = []any{map[string]any{"bearer": []string{}}, map[string]any{"session": []string{}}}
		}
		item[strings.ToLower(r.Method)] = op
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Stackdesk API", "version": "1",
			"description": "Questions, answers, comments, tags and accounts of Stackdesk. Errors are {\"error\": {\"code\", \"message\", \"fields\"}}."},
		"servers": []any{map[string]any{"url": Prefix}},
		"paths":   paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{
				"bearer": map[string]any{"type": "http", "scheme": "bearer",
					"description": "An API token (POST /tokens). Its scope bounds it: read sends GET and HEAD only, write every method, " +
						"both acting as a member whatever the owner's role; staff acts with the owner's whole role. " +
						"A request outside the scope is refused 403, the message naming the scope it needs."},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": "stackdesk_session"},
			},
		},
	}
}

// errorBody mirrors httpx.ErrorBody for the document.
type errorBody struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields,omitempty"`
	} `json:"error"`
}

func errorStatuses(r route) []int {
	var out []int
	if r.Body != nil {
		out = append(out, 400, 413, 422)
	}
	if r.Auth || r.Path == "/tokens" {
		out = append(out, 401)
	}
	if r.Auth {
		out = append(out, 403) // for a write, at least a read token's refusal
	}
	if strings.Contains(r.Path, ":") || r.Missing {
		out = append(out, 404)
	}
	if r.Conflict {
		out = append(out, 409)
	}
	if r.Method != http.MethodGet {
		out = append(out, 429)
	}
	return out
}

var timeType = reflect.TypeOf(time.Time{})

// schemaRef returns a JSON schema for t, registering named structs in schemas.
func schemaRef(t reflect.Type, schemas map[string]any) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t.Kind() == reflect.Struct:
		name := schemaName(t)
		if _, ok := schemas[name]; !ok && name != "" {
			schemas[name] = map[string]any{} // placeholder against recursion
			schemas[name] = structSchema(t, schemas)
		}
		if name == "" {
			return structSchema(t, schemas)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	case t.Kind() == reflect.Slice:
		return map[string]any{"type": "array", "items": schemaRef(t.Elem(), schemas)}
	case t.Kind() == reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaRef(t.Elem(), schemas)}
	case t.Kind() == reflect.String:
		return map[string]any{"type": "string"}
	case t.Kind() == reflect.Bool:
		return map[string]any{"type": "boolean"}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		return map[string]any{"type": "integer"}
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return map[string]any{"type": "number"}
	}
	return map[string]any{}
}

func schemaName(t reflect.Type) string {
	n := t.Name()
	if n == "" {
		return ""
	}
	if i := strings.IndexByte(n, '['); i >= 0 { // ListJSON[stackdesk/internal/api.QuestionJSON]
		inner := n[i+1 : len(n)-1]
		inner = inner[strings.LastIndexByte(inner, '.')+1:]
		n = strings.TrimSuffix(inner, "JSON") + "List"
	}
	n = strings.TrimSuffix(n, "JSON")
	if n == "errorBody" {
		return "Error"
	}
	return n
}

func structSchema(t reflect.Type, schemas map[string]any) map[string]any {
	props := map[string]any{}
	var required []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" && f.Anonymous && f.Type.Kind() == reflect.Struct {
			// An embedded struct's fields are promoted, as encoding/json does.
			inner := structSchema(f.Type, schemas)
			for k, v := range inner["properties"].(map[string]any) {
				props[k] = v
			}
			if r, ok := inner["required"].([]string); ok {
				required = append(required, r...)
			}
			continue
		}
		if name == "" {
			name = f.Name
		}
		s := schemaRef(f.Type, schemas)
		if e := f.Tag.Get("enum"); e != "" && f.Type.Kind() == reflect.String {
			s["enum"] = strings.Split(e, ",")
		}
		if d := f.Tag.Get("doc"); d != "" {
			s["description"] = d
		}
		if f.Type.Kind() == reflect.Pointer {
			s = map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}
		}
		props[name] = s
		if !strings.Contains(opts, "omitempty") && f.Type.Kind() != reflect.Pointer {
			required = append(required, name)
		}
	}
	out := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		out["required"] = required
	}
	return out
}
