/* i18n_vi.c - the Vietnamese catalog, and choosing the language.
 *
 * The catalog is one static table of {English, Vietnamese} pairs, sorted by
 * strcmp() of the English so that a lookup is a binary search (about eight
 * comparisons). tests/unit/test_i18n.c checks the order, that no English
 * text appears twice and that each pair has the same printf conversions;
 * tests/e2e/test_i18n.sh checks that every message of the sources has one.
 * How to add one: docs/i18n.md. */
#include "i18n.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define TEXT VB_I18N_TEXT
#define TMPL VB_I18N_TEMPLATE

/* The words: the decree's own where it has them (trích yếu, số, ký hiệu,
 * địa danh, Nơi nhận, chức vụ, Phụ lục, cơ quan ban hành); "khóa" for a
 * YAML key, "nhóm 'khóa: giá trị'" for a mapping, "hàng" for a table row
 * and "dòng" for a line of the file. Key names, values the plan is written
 * with (money, decimal, KT, …) and YAML's own signs stay as they are. */
static const vb_i18n_entry CATALOG[] = {
/* BEGIN CATALOG (sorted by strcmp of the English; see docs/i18n.md) */
    {"%s '%s' is written in upper case (ND30)",
     "%s '%s' phải viết in hoa (NĐ 30)", 0},
    {"%s (%s at %d:%d)%s%s",
     "%s (%s tại %d:%d)%s%s", 0},
    {"%s is empty, but %s = %s",
     "%s để trống, nhưng %s = %s", 0},
    {"%s: %s does not fit in 64 bits",
     "%s: %s vượt quá 64 bit", 0},
    {"%s: %s is read as the YAML decimal %s; quote it (\"%s\" or \"%s\") to say which is meant",
     "%s: %s được YAML đọc thành số thập phân %s; hãy đặt trong dấu nháy (\"%s\" hoặc \"%s\") "
     "để nói rõ ý muốn", 0},
    {"%s: %s, but '%s' is empty, so %s cannot be checked",
     "%s: %s, nhưng '%s' để trống nên không kiểm tra được %s", 0},
    {"%s: '%s' does not fit in 64 bits",
     "%s: '%s' vượt quá 64 bit", 0},
    {"%s: '%s' has decimals, but the column is %s (use type: decimal)",
     "%s: '%s' có phần thập phân, nhưng cột có kiểu %s (hãy dùng type: decimal)", 0},
    {"%s: '%s' has more than %d decimals",
     "%s: '%s' có quá %d chữ số thập phân", 0},
    {"%s: '%s' is given, but the row is numbered %ld automatically (leave the cell empty)",
     "%s: ô có ghi '%s', nhưng hàng này được tự động đánh số %ld (hãy để trống ô)", 0},
    {"%s: '%s' is not a number (write it as 1.050.000 or 2,5)",
     "%s: '%s' không phải là số (hãy viết như 1.050.000 hoặc 2,5)", 0},
    {"%s: no column titled '%s'; did you mean '%s'?",
     "%s: không có cột nào tên '%s'; có phải là '%s' không?", 0},
    {"%s: no column titled '%s'; the columns are %s",
     "%s: không có cột nào tên '%s'; các cột hiện có: %s", 0},
    {"'!' starts a YAML tag; quote the string",
     "'!' mở đầu một thẻ (tag) YAML; hãy đặt chuỗi trong dấu nháy", 0},
    {"'%.*s ' and '%c'",
     "dấu '%.*s ' và dấu '%c'", TMPL},
    {"'%c' at the end",
     "dấu '%c' ở cuối", TMPL},
    {"'%s' is empty",
     "'%s' đang để trống", 0},
    {"'%s' is not a numeric column (give it type: integer, money or decimal)",
     "'%s' không phải là cột số (hãy đặt cho cột type: integer, money hoặc decimal)", TMPL},
    {"'%s' is not a real date: month %d of %d has %d days",
     "'%s' không phải là ngày có thật: tháng %d năm %d có %d ngày", 0},
    {"'%s' is not a real date: there is no month %d",
     "'%s' không phải là ngày có thật: không có tháng %d", 0},
    {"'%s' is not a valid %s; did you mean '%s'?",
     "'%s' không hợp lệ cho %s; có phải là '%s' không?", 0},
    {"'%s' is not a valid %s; expected one of: %s",
     "'%s' không hợp lệ cho %s; các giá trị dùng được: %s", 0},
    {"'%s' is not a valid signer.authority; expected one of: KT, TM, TL, TUQ, Q",
     "'%s' không hợp lệ cho signer.authority; các giá trị dùng được: KT, TM, TL, TUQ, Q", 0},
    {"'%s' is read as a mapping key because of ': '; for a heading with items under it write "
     "'title: %s' and 'body:'",
     "'%s' bị đọc thành một khóa vì có ': '; với đề mục có các ý bên dưới, hãy viết 'title: "
     "%s' và 'body:'", 0},
    {"'%s' names more than %d columns",
     "'%s' nêu quá %d cột", 0},
    {"'%s' refers to itself",
     "'%s' tham chiếu đến chính nó", TMPL},
    {"'%s.%s' is %g; it must lie in %g-%g",
     "'%s.%s' bằng %g; giá trị phải nằm trong khoảng %g-%g", TMPL},
    {"'%s.%s' must be a number",
     "'%s.%s' phải là một số", TMPL},
    {"'%s.%s' must be a number, not '%s'",
     "'%s.%s' phải là một số, không phải '%s'", TMPL},
    {"'&' starts a YAML anchor; quote the string",
     "'&' mở đầu một neo (anchor) YAML; hãy đặt chuỗi trong dấu nháy", 0},
    {"'*' starts a YAML alias; quote the string",
     "'*' mở đầu một bí danh (alias) YAML; hãy đặt chuỗi trong dấu nháy", 0},
    {"',' separates items inside [ ] and { }; quote a string that contains ',' or ': '",
     "trong [ ] và { } dấu ',' dùng để ngăn cách các phần tử; chuỗi nào có ',' hoặc ': ' thì "
     "hãy đặt trong dấu nháy", 0},
    {"'numbering' has %zu levels; at most %d are supported",
     "'numbering' có %zu cấp; chỉ hỗ trợ tối đa %d cấp", 0},
    {"'signer.authority: %s' needs 'signer.head', the title of the head signed for (e.g. GIÁM "
     "ĐỐC)",
     "'signer.authority: %s' cần đi kèm 'signer.head', là chức vụ của người đứng đầu được ký "
     "thay (ví dụ GIÁM ĐỐC)", 0},
    {"'signer.head' needs 'signer.authority' (KT, TM, TL, TUQ or Q)",
     "'signer.head' cần đi kèm 'signer.authority' (KT, TM, TL, TUQ hoặc Q)", 0},
    {"--type goes with init",
     "--type chỉ dùng với lệnh init", 0},
    {"-o and -d do not go together",
     "không dùng -o và -d cùng lúc", 0},
    {"Broken pipe",
     "đường ống bị ngắt", TEXT},
    {"Cannot allocate memory",
     "không cấp phát được bộ nhớ", TEXT},
    {"Disk quota exceeded",
     "vượt quá hạn mức đĩa", TEXT},
    {"File exists",
     "tệp đã tồn tại", TEXT},
    {"File name too long",
     "tên tệp quá dài", TEXT},
    {"Input/output error",
     "lỗi vào/ra", TEXT},
    {"Is a directory",
     "đây là một thư mục", TEXT},
    {"NUL byte in the file (is it UTF-16 or binary?); save it as UTF-8 text",
     "tệp có byte NUL (tệp UTF-16 hay tệp nhị phân?); hãy lưu lại dưới dạng văn bản UTF-8", 0},
    {"No space left on device",
     "thiết bị không còn chỗ trống", TEXT},
    {"No such file or directory",
     "không có tệp hoặc thư mục này", TEXT},
    {"Not a directory",
     "không phải là thư mục", TEXT},
    {"Permission denied",
     "không đủ quyền truy cập", TEXT},
    {"Read-only file system",
     "hệ thống tệp chỉ cho phép đọc", TEXT},
    {"Too many levels of symbolic links",
     "quá nhiều tầng liên kết tượng trưng", TEXT},
    {"Too many open files",
     "mở quá nhiều tệp cùng lúc", TEXT},
    {"U+%04X '%.*s' cannot be drawn by the bundled fonts; remove or replace it",
     "U+%04X '%.*s' không có trong các phông chữ đi kèm nên không in ra được; hãy xóa hoặc "
     "thay ký tự này", 0},
    {"YAML error",
     "lỗi YAML", 0},
    {"a ')' has no matching '('",
     "có dấu ')' không có dấu '(' tương ứng", 0},
    {"a ')' is missing",
     "thiếu một dấu ')'", 0},
    {"a '- ' after 'key:' on the same line starts a list; quote a value that starts with '-'",
     "dấu '- ' đứng sau 'khóa:' trên cùng một dòng sẽ mở đầu một danh sách; giá trị nào bắt "
     "đầu bằng '-' thì hãy đặt trong dấu nháy", 0},
    {"a ': ' inside an unquoted value starts a mapping; quote the whole string or use |",
     "dấu ': ' trong một giá trị không có dấu nháy sẽ biến dòng đó thành cặp 'khóa: giá trị'; "
     "hãy đặt cả chuỗi trong dấu nháy hoặc dùng |", 0},
    {"a backslash escape in this string gives the control character U+%04X; write \\\\ for a "
     "backslash, or use single quotes",
     "một chuỗi thoát bằng dấu gạch chéo ngược trong chuỗi này sinh ra ký tự điều khiển "
     "U+%04X; muốn viết dấu gạch chéo ngược thì hãy viết \\\\, hoặc dùng dấu nháy đơn", 0},
    {"a cell holds one value, found %s",
     "mỗi ô chỉ chứa một giá trị, nhưng gặp %s", 0},
    {"a column title, a number or '(' is missing at the end",
     "thiếu tên cột, số hoặc dấu '(' ở cuối", 0},
    {"a column title, a number or '(' is missing before '%s'",
     "thiếu tên cột, số hoặc dấu '(' trước '%s'", TMPL},
    {"a date (YYYY-MM-DD)",
     "một ngày tháng (YYYY-MM-DD)", 0},
    {"a key must be a name such as 'title', found %s",
     "khóa phải là một tên, ví dụ 'title', nhưng gặp %s", 0},
    {"a line here is neither 'key: value' nor '- item'; indent continuation text more than its "
     "key or quote the whole string",
     "dòng này không phải 'khóa: giá trị' cũng không phải '- ý'; hãy thụt phần viết tiếp vào "
     "sâu hơn khóa của nó hoặc đặt cả chuỗi trong dấu nháy", 0},
    {"a list",
     "một danh sách", 0},
    {"a list of appendices ('- title: …')",
     "một danh sách phụ lục ('- title: …')", 0},
    {"a list of blocks ('- ' lines)",
     "một danh sách các khối (các dòng '- ')", 0},
    {"a list of cells",
     "một danh sách ô", 0},
    {"a list of columns ('- {title: …}')",
     "một danh sách cột ('- {title: …}')", 0},
    {"a list of items ('- ' lines or [a, b])",
     "một danh sách các ý (các dòng '- ' hoặc [a, b])", 0},
    {"a list of rows",
     "một danh sách hàng", 0},
    {"a list of strings ('- ' lines)",
     "một danh sách chuỗi (các dòng '- ')", 0},
    {"a list of styles such as [upper-roman, decimal, vi-alpha, dash]",
     "một danh sách kiểu đánh số như [upper-roman, decimal, vi-alpha, dash]", 0},
    {"a mapping",
     "một nhóm 'khóa: giá trị'", 0},
    {"a mapping (address, phone, fax, email, website)",
     "một nhóm 'khóa: giá trị' (address, phone, fax, email, website)", 0},
    {"a mapping (indented 'key: value' lines)",
     "các dòng 'khóa: giá trị' thụt lề vào", 0},
    {"a mapping (label, sum, label_column, stated)",
     "một nhóm 'khóa: giá trị' (label, sum, label_column, stated)", 0},
    {"a mapping (title, name, …)",
     "một nhóm 'khóa: giá trị' (title, name, …)", 0},
    {"a mapping (title, orientation, body)",
     "một nhóm 'khóa: giá trị' (title, orientation, body)", 0},
    {"a mapping of column titles to figures",
     "một nhóm các dòng 'tên cột: số liệu'", 0},
    {"a mapping such as {title: Stt}",
     "một nhóm 'khóa: giá trị' như {title: Stt}", 0},
    {"a mapping with columns and rows",
     "một nhóm 'khóa: giá trị' có columns và rows", 0},
    {"a number such as 0.25 or a size such as '25mm'",
     "một số như 0.25 hoặc một kích thước như '25mm'", 0},
    {"a plain value cannot start with '@', '`' or '%'; quote the string",
     "giá trị không đặt trong dấu nháy thì không được bắt đầu bằng '@', '`' hoặc '%'; hãy đặt "
     "chuỗi trong dấu nháy", TEXT},
    {"a plan is a mapping of 'key: value' lines (agency:, title:, …), found %s",
     "kế hoạch phải gồm các dòng 'khóa: giá trị' (agency:, title:, …), nhưng gặp %s", 0},
    {"a positive whole number",
     "một số nguyên dương", 0},
    {"a quote or bracket is not closed",
     "có dấu nháy hoặc dấu ngoặc chưa được đóng", 0},
    {"a second YAML document starts here; a plan file holds one document",
     "một tài liệu YAML thứ hai bắt đầu ở đây; mỗi tệp kế hoạch chỉ chứa một tài liệu", 0},
    {"a section needs 'title', 'text' or 'body'",
     "mỗi mục cần có 'title', 'text' hoặc 'body'", 0},
    {"a string",
     "một chuỗi ký tự", 0},
    {"a string or a list of strings",
     "một chuỗi ký tự hoặc một danh sách chuỗi", 0},
    {"a table has at most %d columns",
     "mỗi bảng có tối đa %d cột", 0},
    {"a table has at most %d rows",
     "mỗi bảng có tối đa %d hàng", 0},
    {"a value is missing here",
     "thiếu giá trị ở đây", 0},
    {"a value that starts with '!' is a YAML tag; quote the string",
     "giá trị bắt đầu bằng '!' là một thẻ (tag) YAML; hãy đặt chuỗi trong dấu nháy", 0},
    {"a value that starts with '&' is a YAML anchor; quote the string",
     "giá trị bắt đầu bằng '&' là một neo (anchor) YAML; hãy đặt chuỗi trong dấu nháy", 0},
    {"a value that starts with '*' is a YAML alias; quote the string",
     "giá trị bắt đầu bằng '*' là một bí danh (alias) YAML; hãy đặt chuỗi trong dấu nháy", 0},
    {"a value that starts with '[' or '{' is a YAML list or mapping; quote the string",
     "giá trị bắt đầu bằng '[' hoặc '{' là một danh sách hoặc một nhóm 'khóa: giá trị' của "
     "YAML; hãy đặt chuỗi trong dấu nháy", 0},
    {"a width without a unit is a fraction of the table (at most 1); write '%smm' for "
     "millimetres",
     "độ rộng không ghi đơn vị là tỷ lệ so với cả bảng (tối đa 1); nếu tính bằng milimét thì "
     "hãy viết '%smm'", 0},
    {"a word",
     "một từ", 0},
    {"after '|' or '>' the text starts on the next line",
     "sau '|' hoặc '>' phần chữ phải bắt đầu từ dòng dưới", 0},
    {"after '|' or '>' the text starts on the next line; quote a value that starts with '|' or "
     "'>'",
     "sau '|' hoặc '>' phần chữ phải bắt đầu từ dòng dưới; giá trị nào bắt đầu bằng '|' hoặc "
     "'>' thì hãy đặt trong dấu nháy", 0},
    {"an option needs a value",
     "tùy chọn cần có giá trị", 0},
    {"bad expression",
     "biểu thức không hợp lệ", 0},
    {"bad layout",
     "bố cục không hợp lệ", 0},
    {"block sequence entries are not allowed in this context",
     "không được đặt ý danh sách ('- ') ở vị trí này", TEXT},
    {"cannot create a file beside '%s': %s",
     "không tạo được tệp bên cạnh '%s': %s", 0},
    {"cannot find vanban's fonts/ and layouts/ (set VANBAN_DATADIR)",
     "không tìm thấy thư mục fonts/ và layouts/ của vanban (hãy đặt biến VANBAN_DATADIR)", 0},
    {"cannot find vanban's layouts/ (set VANBAN_DATADIR)",
     "không tìm thấy thư mục layouts/ của vanban (hãy đặt biến VANBAN_DATADIR)", 0},
    {"cannot open '%s': %s",
     "không mở được '%s': %s", 0},
    {"cannot read '%s': %s",
     "không đọc được '%s': %s", 0},
    {"cannot read layout '%s': %s",
     "không đọc được bố cục '%s': %s", TMPL},
    {"cannot read the plan: %s",
     "không đọc được tệp kế hoạch: %s", 0},
    {"cannot write '%s': %s",
     "không ghi được '%s': %s", 0},
    {"cannot write the starter plan: %s",
     "không ghi được kế hoạch mẫu: %s", 0},
    {"cannot write to standard output: %s",
     "không ghi được ra đầu ra chuẩn: %s", 0},
    {"character U+%04X is not allowed in a plan file; delete it",
     "không được dùng ký tự U+%04X trong tệp kế hoạch; hãy xóa ký tự này", 0},
    {"check the indentation: the items of one list start with '- ' in the same column",
     "hãy kiểm tra thụt lề: các ý của cùng một danh sách phải bắt đầu bằng '- ' ở cùng một cột", 0},
    {"check the indentation: the keys of one mapping start in the same column, and a quoted "
     "value cannot have text after its closing quote",
     "hãy kiểm tra thụt lề: các khóa trong cùng một nhóm phải bắt đầu ở cùng một cột, và sau "
     "dấu nháy đóng của một giá trị không được viết thêm chữ", 0},
    {"control characters are not allowed",
     "không được dùng ký tự điều khiển", TEXT},
    {"could not find expected ':'",
     "không tìm thấy dấu ':' cần có", TEXT},
    {"decimal-nested ('1.1.') must come directly after a decimal level",
     "decimal-nested ('1.1.') phải đứng ngay sau một cấp decimal", 0},
    {"did not find expected ',' or ']'",
     "không tìm thấy dấu ',' hoặc ']' cần có", TEXT},
    {"did not find expected ',' or '}'",
     "không tìm thấy dấu ',' hoặc '}' cần có", TEXT},
    {"did not find expected '-' indicator",
     "không tìm thấy dấu '-' cần có", TEXT},
    {"did not find expected <document start>",
     "không tìm thấy dấu mở đầu tài liệu (---) cần có", TEXT},
    {"did not find expected alphabetic or numeric character",
     "không tìm thấy chữ cái hoặc chữ số cần có", TEXT},
    {"did not find expected comment or line break",
     "không tìm thấy chú thích hoặc dấu xuống dòng cần có", TEXT},
    {"did not find expected hexdecimal number",
     "không tìm thấy số thập lục phân cần có", TEXT},
    {"did not find expected key",
     "không tìm thấy khóa cần có", TEXT},
    {"did not find expected node content",
     "không tìm thấy nội dung cần có", TEXT},
    {"did not find expected whitespace",
     "không tìm thấy dấu cách cần có", TEXT},
    {"did not find expected whitespace or line break",
     "không tìm thấy dấu cách hoặc dấu xuống dòng cần có", TEXT},
    {"duplicate key '%s' (first at line %d)",
     "khóa '%s' bị lặp (lần đầu ở dòng %d)", 0},
    {"duplicate layout key '%s.%s'",
     "khóa bố cục '%s.%s' bị lặp", TMPL},
    {"empty item in '%s' ignored",
     "bỏ qua mục để trống trong '%s'", 0},
    {"empty list item ignored",
     "bỏ qua ý để trống trong danh sách", 0},
    {"empty paragraph ignored",
     "bỏ qua đoạn văn để trống", 0},
    {"empty recipient ignored",
     "bỏ qua nơi nhận để trống", 0},
    {"empty row; delete the '-' or give the cells",
     "hàng để trống; hãy xóa dấu '-' hoặc điền các ô", 0},
    {"equals of '%s' is empty",
     "equals của '%s' đang để trống", 0},
    {"equals of '%s': %s in '%s'",
     "equals của '%s': %s trong '%s'", 0},
    {"equals on '%s', which is not a numeric column (give it type: integer, money or decimal)",
     "có equals ở '%s', nhưng đây không phải là cột số (hãy đặt cho cột type: integer, money "
     "hoặc decimal)", 0},
    {"expected %s for '%s', found %s",
     "cần %s cho '%s', nhưng gặp %s", 0},
    {"expected a column title, found %s",
     "cần tên một cột, nhưng gặp %s", 0},
    {"expected a date as YYYY-MM-DD for 'date', found '%s'; write %04d-%02d-%02d",
     "'date' phải ghi theo dạng YYYY-MM-DD, nhưng gặp '%s'; hãy viết %04d-%02d-%02d", 0},
    {"expected a date as YYYY-MM-DD, YYYY-MM or YYYY for 'date', found '%s'",
     "'date' phải ghi theo dạng YYYY-MM-DD, YYYY-MM hoặc YYYY, nhưng gặp '%s'", 0},
    {"expected a list of blocks for '%s', found a string; start the paragraph with '- ' on its "
     "own line, or use 'text:'",
     "cần một danh sách các khối cho '%s', nhưng gặp một chuỗi ký tự; hãy bắt đầu đoạn văn "
     "bằng '- ' trên một dòng riêng, hoặc dùng 'text:'", 0},
    {"expected a list of cells, {cells: …} or {group: …} for a row, found a string",
     "mỗi hàng cần một danh sách ô, {cells: …} hoặc {group: …}, nhưng gặp một chuỗi ký tự", 0},
    {"expected a paragraph or a block (title/text/body, list, table, page_break), found a list "
     "inside the list",
     "cần một đoạn văn hoặc một khối (title/text/body, list, table, page_break), nhưng gặp một "
     "danh sách nằm trong danh sách", 0},
    {"expected a positive whole number for 'number' (or nothing for a blank), found '%s'",
     "'number' phải là một số nguyên dương (hoặc để trống nếu chưa cấp số), nhưng gặp '%s'", 0},
    {"expected a section mapping, found '%s'",
     "cần một phần gồm các dòng 'khóa: giá trị', nhưng gặp '%s'", TMPL},
    {"expected a string or {text, list} for a list item, found a list",
     "mỗi ý của danh sách cần một chuỗi ký tự hoặc {text, list}, nhưng gặp một danh sách", 0},
    {"expected a width such as 0.25 (a fraction) or '25mm' for 'width', found '%s'",
     "'width' cần một độ rộng như 0.25 (tỷ lệ) hoặc '25mm', nhưng gặp '%s'", 0},
    {"expected true or false for '%s', found '%s'",
     "cần true hoặc false cho '%s', nhưng gặp '%s'", 0},
    {"found a tab character that violates indentation",
     "gặp ký tự tab làm sai thụt lề", TEXT},
    {"found a tab character where an indentation space is expected",
     "gặp ký tự tab ở chỗ cần dấu cách để thụt lề", TEXT},
    {"found an indentation indicator equal to 0",
     "gặp chỉ số thụt lề bằng 0", TEXT},
    {"found character that cannot start any token",
     "gặp ký tự mà YAML không cho phép đứng ở vị trí này", TEXT},
    {"found duplicate %TAG directive",
     "gặp chỉ thị %TAG bị lặp", TEXT},
    {"found duplicate %YAML directive",
     "gặp chỉ thị %YAML bị lặp", TEXT},
    {"found incompatible YAML document",
     "gặp tài liệu YAML không tương thích", TEXT},
    {"found invalid Unicode character escape code",
     "gặp mã thoát ký tự Unicode không hợp lệ", TEXT},
    {"found undefined alias",
     "gặp bí danh (alias) chưa được định nghĩa", TEXT},
    {"found undefined tag handle",
     "gặp tên thẻ (tag) chưa được định nghĩa", TEXT},
    {"found unexpected ':'",
     "gặp dấu ':' không đúng chỗ", TEXT},
    {"found unexpected document indicator",
     "gặp dấu tài liệu (--- hoặc ...) không đúng chỗ", TEXT},
    {"found unexpected end of stream",
     "tệp hết quá sớm", TEXT},
    {"found unexpected non-alphabetical character",
     "gặp ký tự không phải chữ cái không đúng chỗ", TEXT},
    {"found unknown directive name",
     "gặp tên chỉ thị không xác định", TEXT},
    {"found unknown escape character",
     "gặp chuỗi thoát không xác định", TEXT},
    {"image file '%s' not found",
     "không tìm thấy tệp ảnh '%s'", 0},
    {"image file '%s' refused: --no-external-files is set",
     "không dùng tệp ảnh '%s' vì đã đặt --no-external-files", 0},
    {"in double quotes a backslash starts an escape: write \\\\ or use single quotes",
     "trong dấu nháy kép, dấu gạch chéo ngược mở đầu một chuỗi thoát: hãy viết \\\\ hoặc dùng "
     "dấu nháy đơn", 0},
    {"in_words: '%s' has no total (add it to total.sum)",
     "in_words: '%s' chưa được cộng tổng (hãy thêm cột này vào total.sum)", 0},
    {"in_words: '%s' is not a money column (the words end in \"đồng\")",
     "in_words: '%s' không phải là cột tiền (phần bằng chữ kết thúc bằng \"đồng\")", 0},
    {"in_words: unknown column '%s'",
     "in_words: không có cột '%s'", 0},
    {"incomplete UTF-8 octet sequence",
     "chuỗi byte UTF-8 chưa trọn vẹn", TEXT},
    {"indent with spaces, not tabs",
     "hãy thụt lề bằng dấu cách, không dùng phím tab", 0},
    {"init takes only --type",
     "lệnh init chỉ nhận tùy chọn --type", 0},
    {"inside a | or > block '#' is text, not a comment; move the comment out of the block",
     "trong khối | hoặc > thì '#' là chữ, không phải chú thích; hãy chuyển chú thích ra ngoài "
     "khối", 0},
    {"invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
     "mã UTF-8 không hợp lệ (byte 0x%02X); hãy lưu tệp dưới dạng UTF-8", 0},
    {"invalid UTF-8 (byte 0x%02X; %zu invalid bytes in all); save the file as UTF-8",
     "mã UTF-8 không hợp lệ (byte 0x%02X; tổng cộng %zu byte không hợp lệ); hãy lưu tệp dưới "
     "dạng UTF-8", 0},
    {"invalid Unicode character",
     "ký tự Unicode không hợp lệ", TEXT},
    {"invalid YAML",
     "YAML không hợp lệ", 0},
    {"invalid leading UTF-8 octet",
     "byte đầu của ký tự UTF-8 không hợp lệ", TEXT},
    {"invalid length of a UTF-8 sequence",
     "độ dài chuỗi byte UTF-8 không hợp lệ", TEXT},
    {"invalid trailing UTF-8 octet",
     "byte sau của ký tự UTF-8 không hợp lệ", TEXT},
    {"ký hiệu '%s' has a space or '/'; write the groups joined by '-' (e.g. KH-KHCN), the "
     "renderer adds \"Số: NN/\"",
     "ký hiệu '%s' có dấu cách hoặc dấu '/'; hãy viết các nhóm chữ nối nhau bằng '-' (ví dụ "
     "KH-KHCN), phần \"Số: NN/\" do chương trình tự thêm", 0},
    {"ký hiệu '%s' of a Kế hoạch starts with 'KH-' (ND30 Phụ lục III)",
     "ký hiệu '%s' của Kế hoạch phải bắt đầu bằng 'KH-' (NĐ 30, Phụ lục III)", 0},
    {"ký hiệu '%s' should be upper case (ND30 §4)",
     "ký hiệu '%s' phải viết in hoa (NĐ 30, §4)", 0},
    {"layout '%s' is larger than 1 MiB",
     "bố cục '%s' lớn hơn 1 MiB", TMPL},
    {"layout '%s' line %d: %s",
     "bố cục '%s', dòng %d: %s", 0},
    {"layout file '%s' refused: --no-external-files is set",
     "không dùng tệp bố cục '%s' vì đã đặt --no-external-files", 0},
    {"layout key '%s.%s' is missing",
     "thiếu khóa bố cục '%s.%s'", TMPL},
    {"layout section '%s' must be a mapping of numbers",
     "phần bố cục '%s' phải gồm các dòng 'khóa: số'", TMPL},
    {"layouts hold only sections of numbers",
     "tệp bố cục chỉ gồm các phần chứa số", 0},
    {"leading '%.*s '",
     "dấu '%.*s ' ở đầu", TMPL},
    {"level-1 heading '%s' is not in upper case (ND30 writes \"I. MỤC ĐÍCH, YÊU CẦU\")",
     "đề mục cấp 1 '%s' chưa viết in hoa (NĐ 30 viết \"I. MỤC ĐÍCH, YÊU CẦU\")", 0},
    {"mapping keys are not allowed in this context",
     "không được đặt khóa ở vị trí này", TEXT},
    {"mapping values are not allowed in this context",
     "không được đặt giá trị của khóa ở vị trí này", TEXT},
    {"missing required key '%s'",
     "thiếu khóa bắt buộc '%s'", 0},
    {"more than %d combining marks in a row; a letter takes at most two (tone and vowel marks)",
     "quá %d dấu kết hợp liền nhau; một chữ cái mang tối đa hai dấu (dấu thanh và dấu mũ, móc)", 0},
    {"no command given",
     "chưa nêu lệnh", 0},
    {"no plan given",
     "chưa nêu tệp kế hoạch", 0},
    {"nothing",
     "giá trị trống", 0},
    {"numbering style",
     "kiểu đánh số", 0},
    {"out of memory",
     "hết bộ nhớ", 0},
    {"out of memory while reading YAML",
     "hết bộ nhớ khi đọc YAML", 0},
    {"parentheses nested too deeply",
     "các dấu ngoặc đơn lồng nhau quá sâu", 0},
    {"quote a value that starts with a special character",
     "giá trị bắt đầu bằng ký tự đặc biệt thì hãy đặt trong dấu nháy", 0},
    {"removed the typed %s (the renderer adds '- ' and ';')",
     "đã bỏ %s (không cần gõ, chương trình tự thêm '- ' và ';')", 0},
    {"row %zu has %zu cell%s; the table has %zu columns",
     "hàng %zu có %zu ô%.0s; bảng có %zu cột", 0},
    {"row %zu, '%s'",
     "hàng %zu, cột '%s'", TMPL},
    {"sections are nested more than %d levels deep",
     "các mục lồng nhau sâu quá %d cấp", 0},
    {"several plans need -d OUTDIR",
     "nhiều kế hoạch cùng lúc thì cần -d THƯ_MỤC_RA", 0},
    {"stated total of '%s'",
     "số tổng đã ghi của cột '%s'", TMPL},
    {"text after ' #' was read as a comment; quote the string",
     "phần chữ sau ' #' bị đọc thành chú thích; hãy đặt chuỗi trong dấu nháy", 0},
    {"the agency name",
     "tên cơ quan, tổ chức ban hành", 0},
    {"the collective body",
     "tên tập thể lãnh đạo", 0},
    {"the document type",
     "tên loại văn bản", 0},
    {"the file ends inside a [ ], { } or a quoted string; close it",
     "tệp đã hết mà [ ], { } hoặc chuỗi trong dấu nháy vẫn chưa được đóng; hãy đóng lại", 0},
    {"the file is UTF-16; save it as UTF-8",
     "tệp đang ở dạng UTF-16; hãy lưu lại dưới dạng UTF-8", 0},
    {"the file is larger than the limit of %zu bytes",
     "tệp lớn hơn giới hạn %zu byte", 0},
    {"the head's title",
     "chức vụ của người đứng đầu", 0},
    {"the list has no items",
     "danh sách không có ý nào", 0},
    {"the number %s does not fit in 64 bits",
     "số %s vượt quá 64 bit", TMPL},
    {"the number 1",
     "số 1", 0},
    {"the output '%s' is the plan itself",
     "tệp đầu ra '%s' chính là tệp kế hoạch", 0},
    {"the parent agency",
     "tên cơ quan, tổ chức chủ quản", 0},
    {"the place name '%s' starts with a capital (ND30 §5)",
     "địa danh '%s' phải viết hoa chữ cái đầu (NĐ 30, §5)", 0},
    {"the plan is empty; it needs at least agency, title and signer",
     "kế hoạch để trống; cần có ít nhất agency, title và signer", 0},
    {"the plan is nested more than %d levels deep",
     "kế hoạch lồng nhau sâu quá %d cấp", 0},
    {"the signer's title",
     "chức vụ của người ký", 0},
    {"this line is read as a mapping '%s' → '%s' because of ': '; quote the whole string or "
     "use |",
     "dòng này bị đọc thành cặp 'khóa: giá trị' '%s' → '%s' vì có ': '; hãy đặt cả chuỗi trong "
     "dấu nháy hoặc dùng |", 0},
    {"this line is read as a mapping key '%s' because of the ':' at its end; quote the whole "
     "string or use |",
     "dòng này bị đọc thành khóa '%s' vì có dấu ':' ở cuối; hãy đặt cả chuỗi trong dấu nháy "
     "hoặc dùng |", 0},
    {"this value is %zu bytes long; the limit is 64 KiB",
     "giá trị này dài %zu byte; giới hạn là 64 KiB", 0},
    {"total of '%s' does not fit in 64 bits",
     "tổng của '%s' vượt quá 64 bit", 0},
    {"total of '%s': stated %s ≠ computed %s",
     "tổng của '%s': số đã ghi %s ≠ số tính được %s", 0},
    {"total: '%s' is not a numeric column (give it type: integer, money or decimal)",
     "total: '%s' không phải là cột số (hãy đặt cho cột type: integer, money hoặc decimal)", 0},
    {"total: label_column '%s' is also summed",
     "total: cột label_column '%s' cũng đang được cộng tổng", 0},
    {"total: stated figure for '%s', which is not in total.sum",
     "total: có số tổng ghi cho '%s', nhưng cột này không có trong total.sum", 0},
    {"total: stated figure for unknown column '%s'",
     "total: có số tổng ghi cho cột '%s', nhưng không có cột này", 0},
    {"total: unknown column '%s'",
     "total: không có cột '%s'", 0},
    {"total: unknown label_column '%s'",
     "total: không có cột '%s' để làm label_column", 0},
    {"true or false",
     "true hoặc false", 0},
    {"unexpected '%s'",
     "thừa '%s'", TMPL},
    {"unexpected mapping",
     "nhóm 'khóa: giá trị' đặt không đúng chỗ", 0},
    {"unknown --type '%.64s'; known:%s",
     "không có --type '%.64s'; các loại hiện có:%s", 0},
    {"unknown column '%s'",
     "không có cột '%s'", TMPL},
    {"unknown command",
     "không có lệnh này", 0},
    {"unknown key '%s'; did you mean '%s'?",
     "khóa '%s' không hợp lệ; có phải là '%s' không?", 0},
    {"unknown key '%s'; expected one of: %s",
     "khóa '%s' không hợp lệ; các khóa dùng được: %s", 0},
    {"unknown layout key '%s.%s'",
     "không có khóa bố cục '%s.%s'", TMPL},
    {"unknown layout section '%s'",
     "không có phần bố cục '%s'", TMPL},
    {"unknown option '%s'",
     "không có tùy chọn '%s'", 0},
    {"unsupported format version '%s'; this vanban reads version 1",
     "không hỗ trợ phiên bản định dạng '%s'; phiên bản vanban này đọc định dạng phiên bản 1", 0},
    {"untitled",
     "(chưa cột nào có tên)", 0},
    {"while parsing a %TAG directive",
     "khi đọc chỉ thị %TAG", TEXT},
    {"while parsing a block collection",
     "khi đọc một khối", TEXT},
    {"while parsing a block mapping",
     "khi đọc một nhóm 'khóa: giá trị'", TEXT},
    {"while parsing a block node",
     "khi đọc một phần tử", TEXT},
    {"while parsing a flow mapping",
     "khi đọc một nhóm { }", TEXT},
    {"while parsing a flow node",
     "khi đọc một phần tử trong [ ] hoặc { }", TEXT},
    {"while parsing a flow sequence",
     "khi đọc một danh sách [ ]", TEXT},
    {"while parsing a node",
     "khi đọc một phần tử", TEXT},
    {"while parsing a quoted scalar",
     "khi đọc một chuỗi trong dấu nháy", TEXT},
    {"while parsing a tag",
     "khi đọc một thẻ (tag)", TEXT},
    {"while parsing a tag directive",
     "khi đọc một chỉ thị thẻ (tag)", TEXT},
    {"while scanning a %TAG directive",
     "khi đọc chỉ thị %TAG", TEXT},
    {"while scanning a %YAML directive",
     "khi đọc chỉ thị %YAML", TEXT},
    {"while scanning a block scalar",
     "khi đọc một khối | hoặc >", TEXT},
    {"while scanning a directive",
     "khi đọc một chỉ thị", TEXT},
    {"while scanning a plain scalar",
     "khi đọc một giá trị không có dấu nháy", TEXT},
    {"while scanning a quoted scalar",
     "khi đọc một chuỗi trong dấu nháy", TEXT},
    {"while scanning a simple key",
     "khi đọc một khóa", TEXT},
    {"while scanning a tag",
     "khi đọc một thẻ (tag)", TEXT},
    {"while scanning a tag directive",
     "khi đọc một chỉ thị thẻ (tag)", TEXT},
    {"while scanning an alias",
     "khi đọc một bí danh (alias)", TEXT},
    {"while scanning an anchor",
     "khi đọc một neo (anchor)", TEXT},
    {"while scanning for the next token",
     "khi tìm phần tử tiếp theo", TEXT},
/* END CATALOG */
};

#undef TEXT
#undef TMPL

enum {
    NCATALOG = sizeof CATALOG / sizeof *CATALOG,
    MAX_CAPS = 8,         /* conversions a template may have */
    FRAGMENT_MAX = 1024,  /* longer values are the user's, not ours */
};

const vb_i18n_entry *vb_i18n_catalog(size_t *n)
{
    *n = NCATALOG;
    return CATALOG;
}

static bool is_vi(const char *lang)
{
    return lang && !strcmp(lang, "vi");
}

static const vb_i18n_entry *find(const char *en)
{
    size_t lo = 0, hi = NCATALOG;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(en, CATALOG[mid].en);
        if (c == 0)
            return &CATALOG[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *vb_tr(const char *lang, const char *msgid)
{
    if (!is_vi(lang) || !msgid)
        return msgid;
    const vb_i18n_entry *e = find(msgid);
    return e ? e->vi : msgid;
}

/* ------------------------------------------------------------ language */

/* Whether the locale or LANGUAGE item s (n bytes) names language code:
 * "vi", "vi_VN", "vi_VN.UTF-8", "vi@…". */
static bool names_lang(const char *s, size_t n, const char *code)
{
    size_t cl = strlen(code);
    return n >= cl && !strncmp(s, code, cl) &&
           (n == cl || s[cl] == '_' || s[cl] == '.' || s[cl] == '@');
}

const char *vb_lang_from_env(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    const char *loc = NULL;
    for (size_t i = 0; i < sizeof vars / sizeof *vars && !loc; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            loc = v;
    }
    /* gettext ignores LANGUAGE in the C locale, so that a program's output
     * there stays as POSIX has it. */
    bool c_locale = !loc || !strcmp(loc, "C") || !strcmp(loc, "POSIX") ||
                    !strncmp(loc, "C.", 2);
    const char *list = getenv("LANGUAGE");
    if (!c_locale && list && *list) {
        /* The first language of the list that has messages; English has
         * them all, and when none does gettext prints the English. */
        for (const char *s = list; *s;) {
            size_t n = strcspn(s, ":");
            if (names_lang(s, n, "vi"))
                return "vi";
            if (names_lang(s, n, "en"))
                return "en";
            s += n + (s[n] == ':');
        }
        return "en";
    }
    return loc && names_lang(loc, strlen(loc), "vi") ? "vi" : "en";
}

/* --------------------------------------------------------- conversions */

bool vb_fmt_spec_parse(const char *p, vb_fmt_spec *out)
{
    const char *s = p + 1;
    memset(out, 0, sizeof *out);
    out->prec = -1;
    if (*s == '%') {
        out->conv = '%';
        out->len = 2;
        return true;
    }
    while (*s && strchr("-+ #0'", *s))
        s++;
    if (*s == '*') {
        out->stars++;
        s++;
    } else {
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == '.') {
        s++;
        if (*s == '*') {
            out->stars++;
            s++;
        } else {
            int prec = 0;
            while (*s >= '0' && *s <= '9') {
                if (prec < 100000)
                    prec = prec * 10 + (*s - '0');
                s++;
            }
            out->prec = prec;
        }
    }
    if (s[0] == 'h' && s[1] == 'h') {
        out->size = 'H';
        s += 2;
    } else if (s[0] == 'l' && s[1] == 'l') {
        out->size = 'L';
        s += 2;
    } else if (*s && strchr("hlzjt", *s)) {
        out->size = *s++;
    } else if (*s == 'L') {
        out->size = 'D';
        s++;
    }
    char c = *s;
    if (!c)
        return false;
    out->conv = c;
    out->len = (size_t)(s + 1 - p);
    if (strchr("diouxX", c))
        return out->size != 'D';
    if (strchr("fFeEgGaA", c))
        return out->size == 0 || out->size == 'l' || out->size == 'D';
    if (c == 'c' || c == 's' || c == 'p')
        return out->size == 0;
    return false; /* %n, %lc, %ls, %m and anything unknown */
}

bool vb_fmt_quoted(const char *fmt, const char *pct)
{
    size_t at = (size_t)(pct - fmt);
    if (at >= 1 && (pct[-1] == '\'' || pct[-1] == '"'))
        return true;
    /* ‘ and “: E2 80 98, E2 80 9C */
    return at >= 3 && (unsigned char)pct[-3] == 0xE2 && (unsigned char)pct[-2] == 0x80 &&
           ((unsigned char)pct[-1] == 0x98 || (unsigned char)pct[-1] == 0x9C);
}

/* ----------------------------------------------------------- fragments */

typedef struct capture {
    const char *s;
    size_t n;
} capture;

/* The characters a conversion other than %s may print. */
static bool conv_char(char conv, char c)
{
    if (c >= '0' && c <= '9')
        return true;
    switch (conv) {
    case 'd':
    case 'i': return c == '-' || c == '+' || c == ' ';
    case 'x':
    case 'X':
    case 'p': return strchr("abcdefABCDEFx", c) != NULL;
    case 'o':
    case 'u': return false;
    default: return strchr("+-.eEinfaINFApPxX", c) != NULL; /* floating */
    }
}

/* Whether s..end is what the English template p prints, each conversion's
 * text going to caps[k], caps[k + 1], … A %s takes the shortest text that
 * lets the rest match. */
static bool tmatch(const char *p, const char *s, const char *end, capture *caps, int k)
{
    while (*p) {
        if (*p != '%') {
            if (s == end || *s != *p)
                return false;
            p++;
            s++;
            continue;
        }
        vb_fmt_spec sp;
        if (!vb_fmt_spec_parse(p, &sp))
            return false;
        p += sp.len;
        if (sp.conv == '%') {
            if (s == end || *s != '%')
                return false;
            s++;
            continue;
        }
        if (k >= MAX_CAPS)
            return false;
        size_t most = (size_t)(end - s);
        size_t least = 0;
        if (sp.conv == 'c') {
            least = most = most ? 1 : 0;
            if (!most)
                return false;
        } else if (sp.conv != 's') {
            size_t n = 0;
            while (n < most && conv_char(sp.conv, s[n]))
                n++;
            most = n;
            least = 1;
        }
        for (size_t n = least; n <= most; n++) {
            /* A literal that follows must come next: skip the rest. */
            if (*p && *p != '%' && (s + n == end || s[n] != *p))
                continue;
            caps[k] = (capture){s, n};
            if (tmatch(p, s + n, end, caps, k + 1))
                return true;
        }
        return false;
    }
    return s == end;
}

/* Exact match: an entry with no conversion to fill in. */
static const char *exact(const char *s)
{
    const vb_i18n_entry *e = find(s);
    if (e && ((e->flags & VB_I18N_TEXT) || !strchr(e->en, '%')))
        return e->vi;
    return NULL;
}

/* The Vietnamese of a matched template: e->vi with the captured texts in
 * place of its conversions; an unquoted %s's text is translated when it is
 * one of ours (strerror's, say). */
static char *fill(const vb_i18n_entry *e, const capture *caps)
{
    vb_buf b;
    vb_buf_init(&b);
    bool unquoted[MAX_CAPS] = {false};
    int k = 0;
    for (const char *p = e->en; *p && k < MAX_CAPS;) {
        vb_fmt_spec sp;
        if (*p != '%' || !vb_fmt_spec_parse(p, &sp)) {
            p++;
            continue;
        }
        if (sp.conv != '%')
            unquoted[k++] = sp.conv == 's' && !vb_fmt_quoted(e->en, p);
        p += sp.len;
    }
    k = 0;
    for (const char *p = e->vi; *p;) {
        vb_fmt_spec sp;
        if (*p != '%' || !vb_fmt_spec_parse(p, &sp)) {
            vb_buf_put(&b, p, 1);
            p++;
            continue;
        }
        if (sp.conv == '%') {
            vb_buf_put(&b, "%", 1);
        } else if (k < MAX_CAPS) {
            const capture *c = &caps[k];
            char tmp[128];
            const char *tr = NULL;
            if (unquoted[k] && c->n < sizeof tmp) {
                memcpy(tmp, c->s, c->n);
                tmp[c->n] = 0;
                tr = exact(tmp);
            }
            if (sp.prec == 0 && sp.conv == 's')
                ; /* "%.0s": the Vietnamese leaves it out */
            else if (tr)
                vb_buf_put(&b, tr, strlen(tr));
            else
                vb_buf_put(&b, c->s, c->n);
            k++;
        }
        p += sp.len;
    }
    if (!b.data)
        vb_buf_put(&b, "", 0);
    return b.data;
}

char *vb_tr_fragment(const char *lang, const char *s)
{
    if (!is_vi(lang) || !s)
        return NULL;
    size_t n = strlen(s);
    if (n == 0 || n > FRAGMENT_MAX)
        return NULL;
    const char *vi = exact(s);
    if (vi)
        return strdup(vi);
    for (size_t i = 0; i < NCATALOG; i++) {
        const vb_i18n_entry *e = &CATALOG[i];
        capture caps[MAX_CAPS];
        if (!(e->flags & VB_I18N_TEMPLATE) || (e->en[0] != '%' && e->en[0] != s[0]))
            continue;
        if (tmatch(e->en, s, s + n, caps, 0))
            return fill(e, caps);
    }
    return NULL;
}
