/* Liangshan UI strings: Chinese by default, English on request (the choice is remembered). */
const I18N = {
  zh: {
    "brand": "两山", "nav.map": "地图", "nav.check": "合规审查", "nav.gep": "GEP 核算", "nav.registry": "确权登记",
    "login": "登录", "logout": "退出", "cancel": "取消", "login.title": "登录", "login.username": "用户名",
    "login.password": "密码", "login.failed": "用户名或密码错误", "login.needed": "请先登录",
    "map.layers": "图层", "map.zoomin": "放大后显示", "map.gep": "GEP 价值图", "map.none": "无",
    "map.identify": "点击要素查看属性",
    "check.title": "三区三线合规审查", "check.category": "项目类别", "check.draw": "在地图上绘制",
    "check.draw.help": "单击添加拐点，点击“完成”闭合", "check.finish": "完成", "check.clear": "清除",
    "check.upload": "上传坐标文件 / GeoJSON / Shapefile(zip)", "check.run": "审查", "check.verdict": "结论",
    "check.overlaps": "占用情况", "check.zone": "管控区", "check.area": "面积 (m²)", "check.mu": "亩",
    "check.reasons": "依据", "check.obligations": "义务", "check.none": "无",
    "check.nofootprint": "请绘制或上传项目范围", "check.parcels": "各地块", "check.parcel": "地块",
    "check.project": "项目合计（各地块并集）",
    "check.undo": "撤销", "check.snap": "吸附到要素拐点", "check.choose": "请选择",
    "check.nocategory": "请选择项目类别", "check.livearea": "面积约", "unit.mu": "亩", "unit.ha": "公顷",
    "check.vertices": "拐点", "check.total": "项目用地面积", "check.outside": "超出县域范围",
    "check.regions": "所在乡镇", "check.mfz": "主体功能区", "check.length": "长度 (m)",
    "check.landclasses": "占用地类", "check.landclass": "地类", "check.unverified": "依据待核实",
    "check.approval": "审批机关", "check.conditions": "条件", "check.ob.area": "补充耕地面积",
    "check.ob.paddy": "其中水田", "check.ob.grain": "粮食产能", "check.ob.length": "修复岸线",
    "gep.title": "生态产品总值（GEP）核算", "gep.account": "核算", "gep.total": "GEP 总值",
    "gep.item": "核算科目", "gep.category": "类别", "gep.physical": "实物量", "gep.unit": "单位",
    "gep.value": "价值量（万元）", "gep.composition": "构成", "gep.trend": "年度变化（亿元）",
    "gep.perarea": "单位面积价值（万元/km²）", "gep.map": "价值量空间分布", "gep.download": "下载",
    "gep.xlsx": "核算表 (.xlsx)", "gep.tif": "价值量栅格 (GeoTIFF)", "gep.provisioning": "物质供给",
    "gep.regulating": "调节服务", "gep.cultural": "文化服务",
    "gep.draft": "草稿", "gep.draft.note": "草稿：尚未发布的核算结果，不计入年度变化",
    "reg.title": "自然资源确权登记", "reg.search": "按代码、名称或权利人查询", "reg.find": "查询",
    "reg.click": "或在地图上点击", "reg.unit": "登记单元", "reg.rights": "权利（分层）", "reg.layer": "层",
    "reg.type": "类型", "reg.holders": "权利人", "reg.term": "期限", "reg.history": "登记历史",
    "reg.noresult": "未找到", "reg.area": "面积",
    "ev.registry.party": "权利人登记", "ev.registry.first": "首次登记", "ev.registry.transfer": "转移登记",
    "ev.registry.change": "变更登记", "ev.registry.correct": "更正登记", "ev.registry.mortgage": "抵押登记",
    "ev.registry.mortgage_release": "抵押注销登记", "ev.registry.seizure": "查封登记", "ev.registry.release": "解除查封（异议）",
    "ev.registry.objection": "异议登记", "ev.registry.cancel": "注销登记", "ev.account.user_add": "新增账户",
    "ev.account.user_update": "账户变更", "ev.gep.run": "GEP 核算",
    "role.administrator": "管理员", "role.registrar": "登记员", "role.accountant": "核算员", "role.reviewer": "审查员",
    "role.trader": "交易员", "role.auditor": "审计员", "role.public": "公众",
    "decision.allowed": "允许", "decision.conditions": "有条件允许", "decision.approval": "须经批准", "decision.prohibited": "禁止"
  },
  en: {
    "brand": "Liangshan", "nav.map": "Map", "nav.check": "Compliance", "nav.gep": "GEP", "nav.registry": "Registry",
    "login": "Log in", "logout": "Log out", "cancel": "Cancel", "login.title": "Log in", "login.username": "Username",
    "login.password": "Password", "login.failed": "Wrong username or password", "login.needed": "Please log in first",
    "map.layers": "Layers", "map.zoomin": "zoom in to show", "map.gep": "GEP value map", "map.none": "none",
    "map.identify": "Click a feature to identify it",
    "check.title": "Three-control-lines compliance check", "check.category": "Project category",
    "check.draw": "Draw on the map", "check.draw.help": "Click to add vertices, then Finish",
    "check.finish": "Finish", "check.clear": "Clear",
    "check.upload": "Upload a coordinate file / GeoJSON / zipped Shapefile", "check.run": "Check",
    "check.verdict": "Verdict", "check.overlaps": "Overlaps", "check.zone": "Zone", "check.area": "Area (m²)",
    "check.mu": "mu", "check.reasons": "Basis", "check.obligations": "Obligations", "check.none": "none",
    "check.nofootprint": "Draw or upload the project footprint", "check.parcels": "Parcels", "check.parcel": "Parcel",
    "check.project": "Project total (union of the parcels)",
    "check.undo": "Undo", "check.snap": "Snap to feature vertices", "check.choose": "Choose…",
    "check.nocategory": "Choose the project category", "check.livearea": "Area about", "unit.mu": "mu", "unit.ha": "ha",
    "check.vertices": "vertices", "check.total": "Footprint area", "check.outside": "Outside the county",
    "check.regions": "Townships", "check.mfz": "main function zone", "check.length": "Length (m)",
    "check.landclasses": "Land classes", "check.landclass": "Class", "check.unverified": "basis to be verified",
    "check.approval": "Approved by", "check.conditions": "Conditions", "check.ob.area": "Cropland to supplement",
    "check.ob.paddy": "of which paddy", "check.ob.grain": "grain capacity", "check.ob.length": "Shoreline to restore",
    "gep.title": "Gross ecosystem product (GEP) account", "gep.account": "Account", "gep.total": "GEP",
    "gep.item": "Item", "gep.category": "Category", "gep.physical": "Physical quantity", "gep.unit": "Unit",
    "gep.value": "Value (10k yuan)", "gep.composition": "Composition", "gep.trend": "By year (100 M yuan)",
    "gep.perarea": "Value per area (10k yuan/km²)", "gep.map": "Value per cell", "gep.download": "Download",
    "gep.xlsx": "Account (.xlsx)", "gep.tif": "Value raster (GeoTIFF)", "gep.provisioning": "Provisioning",
    "gep.regulating": "Regulating", "gep.cultural": "Cultural",
    "gep.draft": "draft", "gep.draft.note": "Draft: a run not yet published, left out of the year chart",
    "reg.title": "Natural-resource rights registry", "reg.search": "Code, name or holder", "reg.find": "Search",
    "reg.click": "or click the map", "reg.unit": "Registration unit", "reg.rights": "Rights by layer",
    "reg.layer": "Layer", "reg.type": "Type", "reg.holders": "Holders", "reg.term": "Term",
    "reg.history": "History", "reg.noresult": "Nothing found", "reg.area": "Area",
    "ev.registry.party": "Party registered", "ev.registry.first": "First registration", "ev.registry.transfer": "Transfer",
    "ev.registry.change": "Change", "ev.registry.correct": "Correction", "ev.registry.mortgage": "Mortgage",
    "ev.registry.mortgage_release": "Mortgage released", "ev.registry.seizure": "Seizure", "ev.registry.release": "Seizure or objection released",
    "ev.registry.objection": "Objection", "ev.registry.cancel": "Cancellation", "ev.account.user_add": "Account added",
    "ev.account.user_update": "Account changed", "ev.gep.run": "GEP run",
    "role.administrator": "administrator", "role.registrar": "registrar", "role.accountant": "accountant", "role.reviewer": "reviewer",
    "role.trader": "trader", "role.auditor": "auditor", "role.public": "public",
    "decision.allowed": "Allowed", "decision.conditions": "Allowed with conditions",
    "decision.approval": "Needs approval", "decision.prohibited": "Prohibited"
  }
};
export let LANG = localStorage.getItem("ls.lang") || "zh";
export function setLang(lang) { LANG = lang; localStorage.setItem("ls.lang", LANG); }
export function t(key) { return (I18N[LANG] && I18N[LANG][key]) || I18N.zh[key] || key; }
/* a code's label when there is one, else the code itself (a new event type still shows) */
export function label(prefix, code) { const k = prefix + "." + code; const v = t(k); return v === k ? code : v; }
export function applyI18n(root) {
  (root || document).querySelectorAll("[data-i18n]").forEach(el => { el.textContent = t(el.dataset.i18n); });
  document.documentElement.lang = LANG === "zh" ? "zh-CN" : "en";
  const b = document.getElementById("lang-btn");
  if (b) b.textContent = LANG === "zh" ? "English" : "中文";
}
