/**
 * Words Vietnamese users build passwords from, written without tone marks and in lower case (passwords are compared
 * the same way), most used first: zxcvbn ranks a word by its place in its list. Added to zxcvbn-ts's breached and
 * English lists by password-policy.ts. Sources: the habits seen in Vietnamese breach dumps (matkhau…, anhyeuem,
 * 123456a@), the commonest family, middle and given names, places, and the ministry's own words.
 */

/** Passwords and pieces of them that Vietnamese users pick first. */
export const VIETNAMESE_PASSWORDS = `
matkhau 123456a@ 123456a a123456 123456aa 12345678a 123456@ 123456a@@ 1234567a@ 12345678a@ a123456@ abc@123 abc123@
admin@123 123@123 1234@abcd 1qaz@wsx matkhau123 matkhau@123 matkhau1 matkhau2 matkhaumoi matkhaucuatoi mk123456 mk123
anhyeuem emyeuanh yeuem yeuanh anhyeuemnhieu emyeuanhnhieu yeuemnhieu tinhyeu tinhyeucuatoi iloveu iloveyou3000
vietnam vietnam123 vietnamvodich vietnamoi hanoi hanoi123 saigon saigon123 hochiminh hcm danang haiphong cantho hue
nhatrang vungtau dalat quangninh nghean thanhhoa namdinh thaibinh bacninh haiduong
xinchao chaoban chaoem chaoanh hanhphuc giadinh bame mecon conyeu baby cuncon meo meocon cun cuncung chotxinh
dungcoquen khongbiet khongnho quenroi doimatkhau thaydoi abcxyz qwe123 asd123 zxc123
bothongtin thongtin truyenthong thongtinvatruyenthong bothongtinvatruyenthong btttt botttt tttt mic mic123 mic@123
vanphong vanphongbo lanhdao lanhdaobo chuyenvien vutruong phovutruong truongphong phophong canbo congchuc vienchuc
quantri quantrivien hethong tiendo tiendo123 nhiemvu giaoban buuchinh buudien vienthong cntt congnghe congnghethongtin
baochi xuatban phatthanh truyenhinh sodienthoai ngaysinh
`
  .split(/\s+/)
  .filter(Boolean);

/** Family names, commonest first (Nguyễn alone is borne by about four Vietnamese in ten). */
export const VIETNAMESE_FAMILY_NAMES = `
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh doan lam mai trinh luong cao truong ha
quach ta chu kieu la thai tang tieu vuong trieu mac khuc tong an bach chau dao dam diep giang khong luu nghiem ong
phung quan thach thieu to trac van vi ton nong lo lu hua kha lac ninh than ung mach cu cung giap lai lieu mong ngu
tiet uong au bien can cat chung dau dieu dong hau kim lang linh man nham phi quang thang
`
  .split(/\s+/)
  .filter(Boolean);

/** Middle and given names, commonest first; many serve as both. */
export const VIETNAMESE_GIVEN_NAMES = `
van thi duc minh huu quang thanh ngoc thu kim xuan hong anh tuan hung linh huong trang dung hoa mai lan ha hai nam
long phuong thao hien hang nga thuy quynh khanh duy dat son tung hieu trung binh cuong hoang phong nhung yen vy my
nhi chi tam thu an bao chau chinh dao diep giang han hanh hao hau hue huy huyen khoa khoi kien lam loan loc luan manh
ngan nghia nguyet nhan oanh phu phuc quan quoc quyen tai tan thang thinh thuong tien tin toan tri trinh truong tu
tuyet uyen viet vinh vu ngan tuyen dieu duyen giao hoai kieu lien loan ly mi my na nhu nu phuong sa sang tham thoa
thoai thuan thuc tra tram trinh tuyet uyen vi xuyen bac bang canh chien chung cong dai danh dien dinh dong du dung
gia hiep hien hiep hoan hop huan huong ket khang khiem khuong kiet lap liem luc luong nhat nhan ninh phat phi phuoc
quy sinh tan thach thai thanh thien thong tiep tinh toai trieu truc tuong vien vuong xuan yen buu nu ai bich cam
can diem khai kha le lieu luyen mien nghi sam sen thom to tuyen ba bay sau chin muoi ty ti teo hoc khiem lanh loi
mo ngat suong the trong tue uy y hoe hy khue phan qui sy si cuc hoang dang dan du dat mau thoa tham trac quyet
`
  .split(/\s+/)
  .filter(Boolean);

/**
 * The ministry's own words, as its units and people write them: the kinds of unit (bộ, vụ, cục, sở, viện, trung tâm,
 * văn phòng, thanh tra…), its fields (bưu chính, viễn thông, công nghệ thông tin, báo chí, xuất bản, tần số vô tuyến
 * điện, an toàn thông tin, chuyển đổi số…) and their codes (MIC, BTTTT, CNTT, VNNIC…), written as one word each, without
 * tone marks. "Vụ Bưu chính 2026" is as guessable as a name with a year. Sources: the ministry's units at the 1 July
 * 2020 ceremony (apps/api/src/demo/demo-data.ts) and Decree 48/2022/NĐ-CP on its functions and organisation.
 */
export const MINISTRY_WORDS = `
bo vu cuc so vien phong ban to nhom trungtam vanphong thanhtra hocvien tapchi bao baodientu nhaxuatban tongcongty
congty truong daihoc va
buuchinh buudien buucuc buuchinhvienthong vienthong congnghe thongtin truyenthong thongtintruyenthong
congnghethongtin baochi xuatban in phathanh inphathanh tanso votuyen votuyendien dientu antoan antoanthongtin
chuyendoiso kinhteso xahoiso chinhphuso doingoai phatthanh truyenhinh ketoan kehoach taichinh tochuc canbo phapche
hoptac quocte khoahoc congnghiep doanhnghiep quanly thidua khenthuong tonghop internet quocgia trunguong vietnam
ungdung hatang dulieu
mic btttt bttt tttt botttt stttt sotttt cntt vcntt vbc tccb khcn bkhcn khtc htqt qldn tdkt ttra ttdt vnnic vnpt
vnpost viettel mobifone ptit ict ncsc vncert most
`
  .split(/\s+/)
  .filter(Boolean);

/**
 * Phrases Vietnamese users make passwords of, unaccented, one per line, commonest kinds first: love and flattery
 * ("anh đẹp trai", "mẹ yêu con"), family and pets ("con mèo"), wishes and greetings ("chúc mừng năm mới"), youth,
 * travel and football ("tuổi trẻ", "du lịch", "bóng đá"), places ("Việt Nam", "Hà Nội", "Sài Gòn") and the chat
 * phrases that serve as one ("hỏi làm gì", "không biết"). Sources: the Vietnamese entries that recur in public
 * leaked-password tallies and in the wordlists security testers build for Vietnamese targets (love phrases,
 * "iu", names of pets and places, greetings with a year), and everyday set phrases of the language; written for
 * this product (no list is copied). Each goes to zxcvbn joined ("anhdeptrai", guessed as one word with whatever
 * digits and symbols surround it), and its syllables make up VIETNAMESE_HABIT_SYLLABLES.
 */
export const VIETNAMESE_PHRASES = `
anh yeu em|em yeu anh|anh dep trai|dep trai|dep gai|xinh gai|xinh dep|de thuong|dang yeu|de thuong qua|cute qua
yeu em|yeu anh|thuong em|thuong anh|nho em|nho anh|iu em|iu anh|anh iu em|em iu anh|yeu em nhieu|yeu anh nhieu
tinh yeu|yeu thuong|tinh yeu cua toi|nguoi yeu|nguoi yeu toi|ban gai|ban trai|vo yeu|chong yeu|vo chong|ong xa|ba xa
mai ben nhau|ben nhau|tron doi|mai mai|mai yeu|yeu mai mai|tim em|trai tim|con tim|em be|be yeu|be oi|em oi|anh oi
me yeu con|ba yeu con|bo yeu con|con yeu me|con yeu ba|yeu me|yeu ba|yeu bo|me oi|ba oi|bo me|ba me|cha me|gia dinh
gia dinh toi|hanh phuc|gia dinh hanh phuc|con trai|con gai|con cung|con yeu|chau yeu|ong ba
con meo|meo con|meo meo|con cho|cho con|cun con|cun yeu|cho cun|heo con|con heo|ga con|vit con|tho con|con ga
chuc mung|chuc mung nam moi|nam moi|chuc mung sinh nhat|sinh nhat|mung sinh nhat|an khang|an khang thinh vuong
van su nhu y|thanh cong|may man|binh an|suc khoe|phat tai|phat loc|tai loc|lam giau|giau co|nhieu tien|tien bac
tuoi tre|tuoi tho|tuoi hoc tro|hoc tro|sinh vien|hoc sinh|hoc gioi|hoc tap|di hoc|thanh xuan|tuoi thanh xuan
du lich|di choi|di du lich|phuot|di phuot|bien xanh|bau troi|mat troi|mat trang|ngoi sao|hoa hong|hoa hong do
bong da|da bong|viet nam vo dich|vo dich|choi game|game thu|lien quan|ban ca|vui ve|vui qua|vui vui|buon qua|co don
that tinh|ngu ngoc|khong biet|biet roi|quen roi|khong nho|hoi lam gi|lam gi|lam gi vay|gi vay|sao vay|the thoi
xin chao|chao ban|chao em|chao anh|cam on|tam biet|hen gap lai|khong co gi|khong sao|ok roi|duoc roi|mat khau
mat khau moi|mat khau cua toi|doi mat khau|viet nam|ha noi|sai gon|ho chi minh|thanh pho|da nang|hai phong|can tho
nha trang|vung tau|da lat|que huong|que nha|nha toi|toi yeu|toi la|toi yeu viet nam|yeu viet nam|ha noi oi
`
  .split(/[|\n]/)
  .map((phrase) => phrase.trim())
  .filter(Boolean);

/** Single words of the same habits, on their own or beside the phrases' syllables ("yeume123", "xinh99"). */
const HABIT_WORDS = 'anh em yeu iu thuong nho dep xinh trai gai con meo cho cun me ba bo vo chong be baby tinh cute vui buon hoc choi';

/**
 * The syllables of VIETNAMESE_PHRASES and HABIT_WORDS: a password whose letters are at most three of them, with
 * digits and symbols around ("deptrai123", "conmeo123", "Hoilamgi@1", "meyeucon1"), is refused (password-policy.ts).
 */
export const VIETNAMESE_HABIT_SYLLABLES = [...new Set([...VIETNAMESE_PHRASES.flatMap((phrase) => phrase.split(' ')), ...HABIT_WORDS.split(' ')])].filter((syllable) => syllable.length >= 2);
