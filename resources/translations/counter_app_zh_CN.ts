<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Not done</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Something went wrong and the action was not completed. Details are in {path}</source>
        <translation>出现问题，操作未完成。详细信息已记录在 {path}</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>Cannot start the hall display</source>
        <translation>无法启动大厅叫号屏</translation>
    </message>
</context>
<context>
    <name>ApplicantSection</name>
    <message>
        <source>Enterprise or organisation</source>
        <translation>法人或其他组织</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>自然人</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所（地址）</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Agent (someone applying on the applicant&apos;s behalf)</source>
        <translation>代办人（受申请人委托代为办理）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Resident ID</source>
        <translation>居民身份证号码</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>address</source>
        <translation>住所</translation>
    </message>
    <message>
        <source>contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <source>Enterprise name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>18 characters, e.g. 91120116MA05XXXX0X</source>
        <translation>18位，例如 91120116MA05XXXX0X</translation>
    </message>
    <message>
        <source>18 characters</source>
        <translation>18位</translation>
    </message>
    <message>
        <source>(no name yet)</source>
        <translation>（尚未填写名称）</translation>
    </message>
    <message>
        <source>agent {name} {id}</source>
        <translation>代办人 {name} {id}</translation>
    </message>
    <message>
        <source>{count} of 18 characters</source>
        <translation>已输入 {count}/18 位</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>校验通过</translation>
    </message>
    <message>
        <source>{characters} cannot be printed: the printing font has no glyph for it. Check how it was typed.</source>
        <translation>{characters} 无法打印：打印字体中没有该字，请核对输入方式。</translation>
    </message>
    <message>
        <source>valid · new applicant</source>
        <translation>校验通过 · 新申请人</translation>
    </message>
    <message>
        <source>, last {number}</source>
        <translation>，最近一件 {number}</translation>
    </message>
    <message>
        <source> on {date}</source>
        <translation>（受理于{date}）</translation>
    </message>
    <message>
        <source>Known applicant: {count} case(s){last}. The details of the last case are filled in.</source>
        <translation>已有申请人：共 {count} 件{last}。已按上次办件信息自动填入。</translation>
    </message>
    <message>
        <source>valid · known applicant</source>
        <translation>校验通过 · 已有申请人</translation>
    </message>
    <message>
        <source>Barred from the commitment route (告知承诺): {reason}. Accept with the full materials.</source>
        <translation>该申请人已被取消告知承诺资格：{reason}。请按完整材料受理。</translation>
    </message>
    <message>
        <source>Changed since the last case: {fields}. The change will be kept in the applicant&apos;s history.</source>
        <translation>与上次办件相比已修改：{fields}。修改将记入申请人信息变更记录。</translation>
    </message>
</context>
<context>
    <name>ApplicationForm</name>
    <message>
        <source>New case (Ctrl+N)</source>
        <translation>新建办件 (Ctrl+N)</translation>
    </message>
    <message>
        <source>Service item: code, name or pinyin (e.g. lwpq); or scan a case number</source>
        <translation>办理事项：编码、名称或拼音（如 lwpq）；也可扫描办件编号</translation>
    </message>
    <message>
        <source>1  Service item</source>
        <translation>1  办理事项</translation>
    </message>
    <message>
        <source>Guide</source>
        <translation>办事指南</translation>
    </message>
    <message>
        <source>2  Applicant</source>
        <translation>2  申请人</translation>
    </message>
    <message>
        <source>3  Materials</source>
        <translation>3  申请材料</translation>
    </message>
    <message>
        <source>Notification and commitment (告知承诺)</source>
        <translation>告知承诺</translation>
    </message>
    <message>
        <source>The applicant chooses the commitment route (a right, not a duty)</source>
        <translation>申请人选择告知承诺方式办理（属申请人权利，非义务）</translation>
    </message>
    <message>
        <source>Print the notice and commitment letter</source>
        <translation>打印告知承诺书</translation>
    </message>
    <message>
        <source>The commitment letter is signed</source>
        <translation>申请人已签署承诺书</translation>
    </message>
    <message>
        <source>Accept (Ctrl+Enter)</source>
        <translation>受理 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>受理</translation>
    </message>
    <message>
        <source>New case for ticket {label}</source>
        <translation>为 {label} 号新建办件</translation>
    </message>
    <message>
        <source> (no longer in hand: Ctrl+N for the next)</source>
        <translation>（该号已不在办理中：按 Ctrl+N 为下一位新建）</translation>
    </message>
    <message>
        <source>New case (no ticket in hand)</source>
        <translation>新建办件（当前无办理中的号）</translation>
    </message>
    <message>
        <source>Case {number} accepted</source>
        <translation>办件 {number} 已受理</translation>
    </message>
    <message>
        <source> for ticket {label}</source>
        <translation>（{label} 号）</translation>
    </message>
    <message>
        <source>Loading the catalogue…</source>
        <translation>正在读取事项目录……</translation>
    </message>
    <message>
        <source>Enter: find case {number}</source>
        <translation>按回车查找办件 {number}</translation>
    </message>
    <message>
        <source>{count} found: Down/Up to choose, Enter to pick</source>
        <translation>找到 {count} 项：↓/↑ 选择，回车确定</translation>
    </message>
    <message>
        <source>No service item matches “{text}”.</source>
        <translation>没有与“{text}”匹配的办理事项。</translation>
    </message>
    <message>
        <source>{total} service items: type to search</source>
        <translation>共 {total} 个办理事项：输入以查找</translation>
    </message>
    <message>
        <source>Pick a service item first.</source>
        <translation>请先选择办理事项。</translation>
    </message>
    <message>
        <source>materials {received}/{total}</source>
        <translation>材料 {received}/{total}</translation>
    </message>
    <message>
        <source>{count} missing</source>
        <translation>缺 {count} 项</translation>
    </message>
    <message>
        <source>Choose your counter and sign in at it (F10) first.</source>
        <translation>请先选择窗口并签到开启 (F10)。</translation>
    </message>
    <message>
        <source>Accepting…</source>
        <translation>正在受理……</translation>
    </message>
    <message>
        <source>Case {number} accepted for {applicant}. Ctrl+N: the next case of this ticket.</source>
        <translation>已为 {applicant} 受理办件 {number}。按 Ctrl+N 为该号办理下一件。</translation>
    </message>
    <message>
        <source>Not accepted: {count} material(s) missing that may not follow later. Print the one-time notice: it records the visit in the register.</source>
        <translation>未受理：缺少 {count} 项不可容缺的材料。请打印一次性告知单，本次来访将同时记入台账。</translation>
    </message>
    <message>
        <source>{characters} cannot be printed: the printing font has no glyph for it. Correct the name or address first.</source>
        <translation>{characters} 无法打印：打印字体中没有该字，请先更正名称或地址。</translation>
    </message>
    <message>
        <source>Acceptance notice {number}</source>
        <translation>受理通知书 {number}</translation>
    </message>
    <message>
        <source>Notice and commitment letter — {item}</source>
        <translation>告知承诺书 — {item}</translation>
    </message>
    <message>
        <source>One-time notice — {item}</source>
        <translation>一次性告知单 — {item}</translation>
    </message>
    <message>
        <source>The visit of {applicant} is recorded in the register.</source>
        <translation>{applicant} 的本次来访已记入台账。</translation>
    </message>
    <message>
        <source>This case is not accepted yet: press Ctrl+N again to discard it.</source>
        <translation>本件尚未受理：再按一次 Ctrl+N 将放弃已录入的内容。</translation>
    </message>
    <message>
        <source>A case is half entered and not accepted: it is lost if you leave now.</source>
        <translation>有一件办件已录入但尚未受理：现在离开将丢失录入内容。</translation>
    </message>
</context>
<context>
    <name>CaseActionDialog</name>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>not counted</source>
        <translation>未计</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
</context>
<context>
    <name>CaseGuide</name>
    <message>
        <source>on the spot</source>
        <translation>当场办结</translation>
    </message>
    <message>
        <source>no statutory limit</source>
        <translation>无法定时限</translation>
    </message>
    <message>
        <source>no time limit</source>
        <translation>无时限</translation>
    </message>
    <message>
        <source>1 working day</source>
        <translation>1个工作日</translation>
    </message>
    <message>
        <source>{count} working days</source>
        <translation>{count}个工作日</translation>
    </message>
    <message>
        <source>1 calendar day</source>
        <translation>1个自然日</translation>
    </message>
    <message>
        <source>{count} calendar days</source>
        <translation>{count}个自然日</translation>
    </message>
    <message>
        <source>1 month</source>
        <translation>1个月</translation>
    </message>
    <message>
        <source>{count} months</source>
        <translation>{count}个月</translation>
    </message>
    <message>
        <source>on-the-spot case</source>
        <translation>即办件</translation>
    </message>
    <message>
        <source>promised-time case</source>
        <translation>承诺件</translation>
    </message>
    <message>
        <source>notification and commitment</source>
        <translation>告知承诺</translation>
    </message>
    <message>
        <source>deferrable materials</source>
        <translation>容缺受理</translation>
    </message>
    <message>
        <source>nearby</source>
        <translation>就近办</translation>
    </message>
    <message>
        <source>online</source>
        <translation>网上办</translation>
    </message>
    <message>
        <source>one visit</source>
        <translation>一次办</translation>
    </message>
    <message>
        <source>done at once</source>
        <translation>马上办</translation>
    </message>
    <message>
        <source>deferrable</source>
        <translation>可容缺</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>实施部门</translation>
    </message>
    <message>
        <source>Case type</source>
        <translation>办件类型</translation>
    </message>
    <message>
        <source>Statutory limit</source>
        <translation>法定时限</translation>
    </message>
    <message>
        <source>Promised limit</source>
        <translation>承诺时限</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>收费标准</translation>
    </message>
    <message>
        <source>free of charge</source>
        <translation>不收费</translation>
    </message>
    <message>
        <source>Deferred materials</source>
        <translation>容缺材料</translation>
    </message>
    <message>
        <source>may follow within {days} days</source>
        <translation>可在 {days} 日内补齐</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>证照</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Legal basis</source>
        <translation>设定依据</translation>
    </message>
    <message>
        <source>Loading the guide…</source>
        <translation>正在读取办事指南……</translation>
    </message>
    <message>
        <source>Pick a service item: its guide shows here.</source>
        <translation>选择办理事项后，此处显示其办事指南。</translation>
    </message>
</context>
<context>
    <name>CasePage</name>
    <message>
        <source>Case</source>
        <translation>办件</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>实施部门</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>代理人</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>受理方式</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Accepted at</source>
        <translation>受理地点</translation>
    </message>
    <message>
        <source>Promised due</source>
        <translation>承诺时限</translation>
    </message>
    <message>
        <source>Statutory due</source>
        <translation>法定时限</translation>
    </message>
    <message>
        <source>Materials due</source>
        <translation>补齐材料期限</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>延期</translation>
    </message>
    <message>
        <source>Reason given</source>
        <translation>办理意见</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>排队号</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>申请材料</translation>
    </message>
    <message>
        <source>Record as supplied… (Ctrl+S)</source>
        <translation>登记补齐材料…（Ctrl+S）</translation>
    </message>
    <message>
        <source>Trail</source>
        <translation>办理记录</translation>
    </message>
    <message>
        <source>Approve (准予)…</source>
        <translation>准予…</translation>
    </message>
    <message>
        <source>Refuse (不予)…</source>
        <translation>不予…</translation>
    </message>
    <message>
        <source>Withdraw…</source>
        <translation>撤回…</translation>
    </message>
    <message>
        <source>Extend the time limit…</source>
        <translation>延长办理期限…</translation>
    </message>
    <message>
        <source>Result delivered…</source>
        <translation>结果送达…</translation>
    </message>
    <message>
        <source>Close the case…</source>
        <translation>办结…</translation>
    </message>
    <message>
        <source>Reprint acceptance notice…</source>
        <translation>补打受理通知书…</translation>
    </message>
    <message>
        <source>Case {number}</source>
        <translation>办件 {number}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>Commitment (告知承诺), signed {when}</source>
        <translation>告知承诺，{when} 签署承诺书</translation>
    </message>
    <message>
        <source>Materials checked at the counter</source>
        <translation>窗口审查材料</translation>
    </message>
    <message>
        <source>no time limit</source>
        <translation>无时限</translation>
    </message>
    <message>
        <source>extended by {days} working days: {reason}</source>
        <translation>已延长{days}个工作日：{reason}</translation>
    </message>
    <message>
        <source>may be extended once by {days} working days</source>
        <translation>可依法延长一次，{days}个工作日</translation>
    </message>
    <message>
        <source>no extension allowed</source>
        <translation>不可延期</translation>
    </message>
    <message>
        <source>Approval waits for the deferred materials.</source>
        <translation>容缺材料补齐后方可准予。</translation>
    </message>
    <message>
        <source>Approve the case</source>
        <translation>准予</translation>
    </message>
    <message>
        <source>Approve case {number} (准予)?</source>
        <translation>确认对办件 {number} 作出准予决定？</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>准予</translation>
    </message>
    <message>
        <source>Refuse the case</source>
        <translation>不予</translation>
    </message>
    <message>
        <source>Refuse case {number} (不予)? Give the reason: the decision states it to the applicant.</source>
        <translation>确认对办件 {number} 作出不予决定？请填写理由，决定书将向申请人说明。</translation>
    </message>
    <message>
        <source>Refuse</source>
        <translation>不予</translation>
    </message>
    <message>
        <source>Withdraw the case</source>
        <translation>撤回申请</translation>
    </message>
    <message>
        <source>The applicant withdraws case {number}. Give the reason they gave.</source>
        <translation>申请人撤回办件 {number}。请填写申请人说明的理由。</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>撤回</translation>
    </message>
    <message>
        <source>Extend the time limit</source>
        <translation>延长办理期限</translation>
    </message>
    <message>
        <source>Extend the statutory time limit of case {number} once by {days} working days (行政许可法 §42)? Give the reason: the applicant is told it.</source>
        <translation>依据《行政许可法》第四十二条，将办件 {number} 的法定时限延长一次，{days}个工作日？请填写理由，将告知申请人。</translation>
    </message>
    <message>
        <source>Extend</source>
        <translation>延长</translation>
    </message>
    <message>
        <source>Result delivered</source>
        <translation>结果送达</translation>
    </message>
    <message>
        <source>The result of case {number} was handed over or sent to the applicant?</source>
        <translation>办件 {number} 的办理结果已当面交付或寄送申请人？</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <source>Close the case</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Close case {number} (办结)?</source>
        <translation>确认办件 {number} 办结？</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>Case {number}: {action}.</source>
        <translation>办件 {number}：{action}。</translation>
    </message>
    <message>
        <source>Material supplied</source>
        <translation>补齐材料</translation>
    </message>
    <message>
        <source>Record “{material}” as supplied for case {number}?</source>
        <translation>登记办件 {number} 已补齐“{material}”？</translation>
    </message>
    <message>
        <source>Record as supplied</source>
        <translation>登记补齐</translation>
    </message>
    <message>
        <source>“{material}” recorded as supplied.</source>
        <translation>已登记补齐“{material}”。</translation>
    </message>
    <message>
        <source>Acceptance notice {number}</source>
        <translation>受理通知书 {number}</translation>
    </message>
</context>
<context>
    <name>CaseResultsModel</name>
    <message>
        <source>Case number</source>
        <translation>办件编号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>大厅</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Promised due</source>
        <translation>承诺时限</translation>
    </message>
    <message>
        <source>Materials due</source>
        <translation>补齐材料期限</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>A due date rests on a year whose holidays are not entered yet: it may still move.</source>
        <translation>该期限涉及尚未录入节假日安排的年份，可能调整。</translation>
    </message>
</context>
<context>
    <name>CaseSearch</name>
    <message>
        <source>Case number (type or scan), applicant&apos;s code or name, or service item — Enter to search</source>
        <translation>办件编号（输入或扫码）、申请人证件号码或名称、事项名称 —— 回车查询</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>All halls</source>
        <translation>全部大厅</translation>
    </message>
    <message>
        <source>Open cases only</source>
        <translation>仅在办</translation>
    </message>
    <message>
        <source>Accepted from</source>
        <translation>受理日期从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>Due within</source>
        <translation>到期</translation>
    </message>
    <message>
        <source> days</source>
        <translation>天内</translation>
    </message>
    <message>
        <source>Overdue only</source>
        <translation>仅逾期</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>大厅</translation>
    </message>
    <message>
        <source>Red: overdue. Amber: due within the days chosen. Enter or a double click opens a case.</source>
        <translation>红色：已逾期；橙色：即将到期。回车或双击打开办件。</translation>
    </message>
    <message>
        <source>{count} case(s) ended because a deferred material was not supplied in time: {numbers}</source>
        <translation>{count}件办件因容缺材料逾期未补齐已终止：{numbers}</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <source>The first {count} cases found; narrow the search to see others.</source>
        <translation>仅显示前{count}件，请缩小查询范围。</translation>
    </message>
    <message>
        <source>{count} case(s) found</source>
        <translation>共{count}件</translation>
    </message>
    <message>
        <source>, {overdue} overdue</source>
        <translation>，其中逾期{overdue}件</translation>
    </message>
    <message>
        <source>There is no case {number}.</source>
        <translation>没有办件 {number}。</translation>
    </message>
</context>
<context>
    <name>Cases</name>
    <message>
        <source>{date} (provisional)</source>
        <translation>{date}（暂定）</translation>
    </message>
    <message>
        <source>{days} day(s) overdue</source>
        <translation>逾期{days}天</translation>
    </message>
    <message>
        <source>due today</source>
        <translation>今日到期</translation>
    </message>
    <message>
        <source>{days} day(s)</source>
        <translation>{days}天</translation>
    </message>
    <message>
        <source>Counter {number}</source>
        <translation>{number}号窗口</translation>
    </message>
</context>
<context>
    <name>CasesWorkspace</name>
    <message>
        <source>Find cases</source>
        <translation>办件查询</translation>
    </message>
    <message>
        <source>Register of unmet requests</source>
        <translation>不说NO登记</translation>
    </message>
</context>
<context>
    <name>CatalogueModel</name>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>事项名称</translation>
    </message>
    <message>
        <source>Department</source>
        <translation>实施部门</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>事项类型</translation>
    </message>
    <message>
        <source>Case type</source>
        <translation>办件类型</translation>
    </message>
    <message>
        <source>Statutory limit</source>
        <translation>法定时限</translation>
    </message>
    <message>
        <source>Promised limit</source>
        <translation>承诺时限</translation>
    </message>
    <message>
        <source>Extension</source>
        <translation>延期</translation>
    </message>
    <message>
        <source>Fees</source>
        <translation>收费标准</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>证照</translation>
    </message>
    <message>
        <source>Materials</source>
        <translation>材料数</translation>
    </message>
    <message>
        <source>Administrative licence</source>
        <translation>行政许可</translation>
    </message>
    <message>
        <source>Administrative confirmation</source>
        <translation>行政确认</translation>
    </message>
    <message>
        <source>Public service</source>
        <translation>公共服务</translation>
    </message>
    <message>
        <source>Internal approval</source>
        <translation>内部审批</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Done on the spot</source>
        <translation>即办件</translation>
    </message>
    <message>
        <source>Promised time</source>
        <translation>承诺件</translation>
    </message>
    <message>
        <source>on the spot</source>
        <translation>当场办结</translation>
    </message>
    <message>
        <source>no statutory limit</source>
        <translation>无法定时限</translation>
    </message>
    <message>
        <source>no time limit</source>
        <translation>无时限</translation>
    </message>
    <message>
        <source>1 calendar day</source>
        <translation>1个自然日</translation>
    </message>
    <message>
        <source>{count} calendar days</source>
        <translation>{count}个自然日</translation>
    </message>
    <message>
        <source>1 month</source>
        <translation>1个月</translation>
    </message>
    <message>
        <source>{count} months</source>
        <translation>{count}个月</translation>
    </message>
    <message>
        <source>1 working day</source>
        <translation>1个工作日</translation>
    </message>
    <message>
        <source>{count} working days</source>
        <translation>{count}个工作日</translation>
    </message>
    <message>
        <source>up to {days}</source>
        <translation>最多{days}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>free</source>
        <translation>不收费</translation>
    </message>
</context>
<context>
    <name>CatalogueTab</name>
    <message>
        <source>Service catalogue</source>
        <translation>政务服务事项目录</translation>
    </message>
    <message>
        <source>Search by code, name, pinyin (e.g. lwpq) or department</source>
        <translation>按编码、名称、拼音（如 lwpq）或部门查找</translation>
    </message>
    <message>
        <source>Loading the catalogue…</source>
        <translation>正在读取事项目录…</translation>
    </message>
    <message>
        <source>{shown} of {total} service items</source>
        <translation>共 {total} 项事项，显示 {shown} 项</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change your password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>At least {minimum} characters, not your name and not easy to guess: a phrase of a few unrelated words works well.</source>
        <translation>至少 {minimum} 个字符，不能包含您的姓名，且不易被猜到：用几个互不相关的词组成的短语最好。</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>修改密码</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Your password was set by an administrator (or is the demo&apos;s). Choose your own before you start: nobody else may know it.</source>
        <translation>您的密码由管理员设置（或是演示密码）。开始工作前请设置您自己的密码：不得让任何其他人知道。</translation>
    </message>
    <message>
        <source>The new password and its repetition differ.</source>
        <translation>两次输入的新密码不一致。</translation>
    </message>
</context>
<context>
    <name>Cli</name>
    <message>
        <source>line {line}</source>
        <translation>第 {line} 行</translation>
    </message>
    <message>
        <source>An unexpected error occurred; details are in {path}</source>
        <translation>发生意外错误，详细信息已记录在 {path}</translation>
    </message>
    <message>
        <source>The same password again: </source>
        <translation>再次输入同一密码：</translation>
    </message>
    <message>
        <source>Also {machines} accounts of hall displays and kiosks (kg_display, kg_kiosk …).</source>
        <translation>另有 {machines} 个大厅显示屏和自助取号机账户（kg_display、kg_kiosk …）。</translation>
    </message>
    <message>
        <source>{url} is up to date (schema {revision}).</source>
        <translation>{url} 已是最新（数据库结构版本 {revision}）。</translation>
    </message>
    <message>
        <source>{url} upgraded from schema {before} to {after}.</source>
        <translation>{url} 已从数据库结构版本 {before} 升级到 {after}。</translation>
    </message>
    <message>
        <source>{url}: schema {current}; this client needs {head}.</source>
        <translation>{url}：数据库结构版本 {current}；本客户端需要 {head}。</translation>
    </message>
    <message>
        <source>Demo loaded into {url}: {halls} halls, {counters} counters, {staff} staff, {items} service items. Every demo account&apos;s password is {password}.</source>
        <translation>演示数据已载入 {url}：{halls} 个大厅、{counters} 个窗口、{staff} 名工作人员、{items} 个服务事项。所有演示账号的密码均为 {password}。</translation>
    </message>
    <message>
        <source>Password for {user}: </source>
        <translation>{user} 的密码：</translation>
    </message>
    <message>
        <source>The password of {user} is changed.</source>
        <translation>{user} 的密码已修改。</translation>
    </message>
    <message>
        <source>Imported {total} items from {file}: {created} new, {updated} updated.</source>
        <translation>已从 {file} 导入 {total} 个事项：新增 {created} 个，更新 {updated} 个。</translation>
    </message>
    <message>
        <source>Administrator {user} created in {url}.</source>
        <translation>已在 {url} 创建管理员 {user}。</translation>
    </message>
    <message>
        <source>The login gate&apos;s password is set. On each counter PC put into config.toml:
[database]
url = &quot;{url}&quot;</source>
        <translation>登录入口账户的密码已设置。请在每台窗口电脑的 config.toml 中写入：
[database]
url = &quot;{url}&quot;</translation>
    </message>
    <message>
        <source>The signing agent&apos;s password is set. Beside the server run, as a service:
counter-app --db &quot;{url}&quot; licences signer</source>
        <translation>签章服务的密码已设置。请在数据库服务器旁以服务方式运行：
counter-app --db &quot;{url}&quot; licences signer</translation>
    </message>
    <message>
        <source>Account {user} created; its password must be changed at its first login.</source>
        <translation>已创建账户 {user}；首次登录时必须修改密码。</translation>
    </message>
    <message>
        <source>New password set for {user}; it must be changed at the next login.</source>
        <translation>已为 {user} 设置新密码；下次登录时必须修改。</translation>
    </message>
    <message>
        <source>{user} is unlocked.</source>
        <translation>{user} 已解除锁定。</translation>
    </message>
    <message>
        <source>{user} was not locked.</source>
        <translation>{user} 未被锁定。</translation>
    </message>
    <message>
        <source>{user} is enabled.</source>
        <translation>{user} 已启用。</translation>
    </message>
    <message>
        <source>{user} is disabled: it stops at its next action.</source>
        <translation>{user} 已停用：其下一次操作起即被拒绝。</translation>
    </message>
    <message>
        <source>Account {user} created. On that machine put into config.toml (the password is shown only now):
[database]
url = &quot;{url}&quot;</source>
        <translation>已创建账户 {user}。请在该设备的 config.toml 中写入（密码仅此一次显示）：
[database]
url = &quot;{url}&quot;</translation>
    </message>
    <message>
        <source>End of business day</source>
        <translation>当日营业结束</translation>
    </message>
    <message>
        <source>{hall}: closed {count} open tickets of {day} and earlier.</source>
        <translation>{hall}：已关闭 {day} 及以前的 {count} 张未办结号票。</translation>
    </message>
    <message>
        <source>Ended {count} case(s) whose deferred material was overdue: {numbers}</source>
        <translation>已终止{count}件容缺材料逾期未补齐的办件：{numbers}</translation>
    </message>
    <message>
        <source>Imported {total} licences from {file}.</source>
        <translation>已从 {file} 导入 {total} 个证照。</translation>
    </message>
    <message>
        <source>Signing licences for {url}; stop with Ctrl+C.</source>
        <translation>正在为 {url} 签章证照；按 Ctrl+C 停止。</translation>
    </message>
    <message>
        <source>Signed {count} licence(s).</source>
        <translation>已签章 {count} 个证照。</translation>
    </message>
    <message>
        <source>Genuine: signed by this installation for that holder and validity.</source>
        <translation>真实：本系统为该持证主体和有效期签章。</translation>
    </message>
    <message>
        <source>NOT GENUINE: the signature does not match that holder and validity, or the key is unknown.</source>
        <translation>非真实证照：签章与该持证主体和有效期不符，或签章密钥未知。</translation>
    </message>
    <message>
        <source>NOT GENUINE: {reason}</source>
        <translation>非真实证照：{reason}</translation>
    </message>
    <message>
        <source>Genuine: {number}, {holder}, {status}.</source>
        <translation>真实：{number}，{holder}，{status}。</translation>
    </message>
    <message>
        <source>Replaced by {number}.</source>
        <translation>已被 {number} 换发替代。</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>The database cannot be reached; retrying… Actions may fail.</source>
        <translation>无法连接数据库，正在重试…… 操作可能失败。</translation>
    </message>
</context>
<context>
    <name>CounterOverviewModel</name>
    <message>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>业务类别</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Clerk signed in</source>
        <translation>签到人员</translation>
    </message>
    <message>
        <source>State since</source>
        <translation>状态起始</translation>
    </message>
    <message>
        <source>Ticket in hand</source>
        <translation>当前号票</translation>
    </message>
</context>
<context>
    <name>CounterPanel</name>
    <message>
        <source>Your account belongs to no hall: ask the administrator to assign one.</source>
        <translation>您的账号未分配大厅：请联系管理员分配。</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Ticket in hand</source>
        <translation>当前办理</translation>
    </message>
    <message>
        <source>On hold at this counter</source>
        <translation>本窗口挂起的号</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>已等候</translation>
    </message>
    <message>
        <source>Since call</source>
        <translation>叫号后</translation>
    </message>
    <message>
        <source>Call next</source>
        <translation>叫下一位</translation>
    </message>
    <message>
        <source>Start service</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>转移……</translation>
    </message>
    <message>
        <source>Call selected</source>
        <translation>指定叫号</translation>
    </message>
    <message>
        <source>Reinstate</source>
        <translation>恢复过号</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Close counter</source>
        <translation>关闭窗口</translation>
    </message>
    <message>
        <source>Counter {number} was closed by {name}; you are signed out of it.</source>
        <translation>{number}号窗口已被{name}关闭，您已退出该窗口。</translation>
    </message>
    <message>
        <source>Counter {number} was closed by {name}; ticket {label} went back to the queue.</source>
        <translation>{number}号窗口已被{name}关闭，{label}号已退回队列。</translation>
    </message>
    <message>
        <source>Counter {number} was closed by {name}; tickets {labels} went back to the queue.</source>
        <translation>{number}号窗口已被{name}关闭，{labels}号已退回队列。</translation>
    </message>
    <message>
        <source>Waiting for this counter: {count}</source>
        <translation>本窗口等候：{count} 人</translation>
    </message>
    <message>
        <source>No-shows today: {count}</source>
        <translation>今日过号：{count} 个</translation>
    </message>
    <message>
        <source>{state}, in use by {name}</source>
        <translation>{state}，使用人：{name}</translation>
    </message>
    <message>
        <source>Served today: {count} · average wait {wait} · average service {service}</source>
        <translation>今日已办：{count} 件 · 平均等候 {wait} · 平均办理 {service}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取……</translation>
    </message>
    <message>
        <source>No ticket in hand</source>
        <translation>当前无办理中的号</translation>
    </message>
    <message>
        <source>Not signed in at this counter</source>
        <translation>未在本窗口签到</translation>
    </message>
    <message>
        <source>waited {time}</source>
        <translation>已等候 {time}</translation>
    </message>
    <message>
        <source>called {time} ago</source>
        <translation>叫号已 {time}</translation>
    </message>
    <message>
        <source>recalls {count}/{max}</source>
        <translation>重呼 {count}/{max}</translation>
    </message>
    <message>
        <source>in service {time}</source>
        <translation>已办理 {time}</translation>
    </message>
    <message>
        <source>Resume counter</source>
        <translation>恢复窗口</translation>
    </message>
    <message>
        <source>Sign in &amp;&amp; open</source>
        <translation>签到并开启</translation>
    </message>
    <message>
        <source>Recall in {seconds} s</source>
        <translation>{seconds} 秒后可重呼</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>重呼</translation>
    </message>
    <message>
        <source>No-show in {seconds} s</source>
        <translation>{seconds} 秒后可过号</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>Counter {name} is open.</source>
        <translation>{name} 已开启。</translation>
    </message>
    <message>
        <source>Counter {name} is paused: no calls until you resume.</source>
        <translation>{name} 已暂停：恢复前不会叫号。</translation>
    </message>
    <message>
        <source>Counter {name} is closed; you are signed out of it.</source>
        <translation>{name} 已关闭，您已签退。</translation>
    </message>
    <message>
        <source>Nobody is waiting for this counter&apos;s lines.</source>
        <translation>本窗口办理的业务暂无人等候。</translation>
    </message>
    <message>
        <source>Called {label}.</source>
        <translation>已呼叫 {label} 号。</translation>
    </message>
    <message>
        <source>Recalled {label} ({count}).</source>
        <translation>已重呼 {label} 号（第 {count} 次）。</translation>
    </message>
    <message>
        <source>Serving {label}.</source>
        <translation>正在办理 {label} 号。</translation>
    </message>
    <message>
        <source>Finished {label}.</source>
        <translation>{label} 号已办结。</translation>
    </message>
    <message>
        <source>{label} marked no-show.</source>
        <translation>{label} 号已标记为过号。</translation>
    </message>
    <message>
        <source>Ticket {label} is still in hand at counter {number}. If you leave now, the counter stays open with it until a supervisor closes it.</source>
        <translation>{number}号窗口仍有{label}号在办理中。现在离开，窗口将保持开启并保留该号，直到值班长关闭窗口。</translation>
    </message>
    <message>
        <source>Tickets {labels} are still in hand at counter {number}. If you leave now, the counter stays open with them until a supervisor closes it.</source>
        <translation>{number}号窗口仍有{labels}号在办理中。现在离开，窗口将保持开启并保留这些号，直到值班长关闭窗口。</translation>
    </message>
    <message>
        <source>Your last action at counter {number} has not been answered yet. If you leave now, the counter may stay open with a ticket in hand until a supervisor closes it.</source>
        <translation>您在{number}号窗口的上一个操作尚未得到响应。现在离开，窗口可能保持开启并留有在办的号，直到值班长关闭窗口。</translation>
    </message>
    <message>
        <source>Resumed {label}.</source>
        <translation>已恢复 {label} 号。</translation>
    </message>
    <message>
        <source>{label} is on hold.</source>
        <translation>{label} 号已挂起。</translation>
    </message>
    <message>
        <source>{label} is back in the queue.</source>
        <translation>{label} 号已重新排队。</translation>
    </message>
    <message>
        <source>{label} transferred.</source>
        <translation>{label} 号已转移。</translation>
    </message>
</context>
<context>
    <name>CounterWorkspace</name>
    <message>
        <source>New case</source>
        <translation>新建办件</translation>
    </message>
    <message>
        <source>Find cases</source>
        <translation>办件查询</translation>
    </message>
    <message>
        <source>Renew licence</source>
        <translation>延期换证</translation>
    </message>
    <message>
        <source>New case for the ticket in hand</source>
        <translation>为当前办理的号新建办件</translation>
    </message>
    <message>
        <source>Renew a licence for the ticket in hand</source>
        <translation>为当前号票办理延期换证</translation>
    </message>
</context>
<context>
    <name>DetailHeader</name>
    <message>
        <source>← Back to the results</source>
        <translation>← 返回查询结果</translation>
    </message>
</context>
<context>
    <name>DocumentPreview</name>
    <message>
        <source>Preparing the document…</source>
        <translation>正在生成文书……</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>打印 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>The document could not be shown.</source>
        <translation>无法显示该文书。</translation>
    </message>
    <message>
        <source>The document could not be printed: check the printer.</source>
        <translation>文书打印失败：请检查打印机。</translation>
    </message>
    <message>
        <source>Printed on {printer}.</source>
        <translation>已在 {printer} 打印。</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The config file {path} cannot be read: {reason}</source>
        <translation>无法读取配置文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>&apos;{url}&apos; is not a database URL. Use sqlite:///PATH or postgresql://USER@HOST/DATABASE.</source>
        <translation>“{url}”不是数据库地址。请使用 sqlite:///路径 或 postgresql://用户@主机/数据库。</translation>
    </message>
    <message>
        <source>Database type &apos;{backend}&apos; is not supported: use SQLite or PostgreSQL.</source>
        <translation>不支持数据库类型“{backend}”：请使用 SQLite 或 PostgreSQL。</translation>
    </message>
    <message>
        <source>The database no longer lets your account in: it has been disabled, or its password was changed. Log in again.</source>
        <translation>数据库已不再允许您的账户登录：账户已被停用，或密码已被修改。请重新登录。</translation>
    </message>
    <message>
        <source>The database {url} cannot be used right now ({reason}). Nothing was changed; try again.</source>
        <translation>数据库 {url} 暂时无法使用（{reason}）。没有任何数据被修改，请重试。</translation>
    </message>
    <message>
        <source>The database {url} has no counter_app tables yet. An administrator creates them with: counter-app db upgrade --db {url}</source>
        <translation>数据库 {url} 中还没有本系统的数据表。请管理员运行以下命令创建：counter-app db upgrade --db {url}</translation>
    </message>
    <message>
        <source>The database {url} has an older schema ({current}) than this client ({head}). An administrator upgrades it with: counter-app db upgrade --db {url}</source>
        <translation>数据库 {url} 的结构版本（{current}）低于本客户端（{head}）。请管理员运行以下命令升级：counter-app db upgrade --db {url}</translation>
    </message>
    <message>
        <source>The database {url} has a newer schema ({current}) than this client knows ({head}). Install the newer version of counter_app on this computer.</source>
        <translation>数据库 {url} 的结构版本（{current}）高于本客户端所支持的版本（{head}）。请在本机安装新版客户端。</translation>
    </message>
    <message>
        <source>Cannot open the database {url}: {reason}. Check the address, that the server is running, and the user name and password.</source>
        <translation>无法打开数据库 {url}：{reason}。请检查地址、服务器是否运行以及用户名和密码。</translation>
    </message>
    <message>
        <source>Your role ({role}) may not do this: {action}. The refusal has been recorded.</source>
        <translation>您的角色（{role}）无权执行此操作：{action}。本次拒绝已记录。</translation>
    </message>
    <message>
        <source>Your account has been disabled or its role or hall changed since you logged in: log in again. The refusal has been recorded.</source>
        <translation>自您登录以来，您的账户已被停用或其角色、所属大厅已变更：请重新登录。此次拒绝已记录。</translation>
    </message>
    <message>
        <source>Change your password first: until it has a password of your own, your account may not {action}.</source>
        <translation>请先修改密码：在设置自己的密码之前，您的账号不能{action}。</translation>
    </message>
    <message>
        <source>There is no {thing} with id {id}.</source>
        <translation>不存在编号为 {id} 的{thing}。</translation>
    </message>
    <message>
        <source>A user name has 2 to 63 characters: lower-case letters a-z, digits and &apos;_&apos;, starting with a letter.</source>
        <translation>用户名为 2 至 63 个字符：小写字母 a-z、数字和“_”，并以字母开头。</translation>
    </message>
    <message>
        <source>The user name &apos;{username}&apos; is reserved.</source>
        <translation>用户名“{username}”为保留名称。</translation>
    </message>
    <message>
        <source>A password needs at least {minimum} characters.</source>
        <translation>密码至少需要 {minimum} 个字符。</translation>
    </message>
    <message>
        <source>A password has at most {maximum} characters.</source>
        <translation>密码最多 {maximum} 个字符。</translation>
    </message>
    <message>
        <source>A password may not begin or end with a space.</source>
        <translation>密码不能以空格开头或结尾。</translation>
    </message>
    <message>
        <source>A password may not contain your user name or your name.</source>
        <translation>密码不能包含您的用户名或姓名。</translation>
    </message>
    <message>
        <source>This password is too easy to guess (a common word or password, a keyboard pattern, a repeat, a sequence or a date). Use a longer phrase or mix unrelated words and digits.</source>
        <translation>此密码太容易被猜到（常见单词或密码、键盘排列、重复、连续字符或日期）。请使用更长的短语，或混合互不相关的词和数字。</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>用户名或密码错误。</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>请输入用户名和密码。</translation>
    </message>
    <message>
        <source>This is the account of a hall machine (display or kiosk): it cannot log in here.</source>
        <translation>这是大厅设备（显示屏或自助取号机）的账户，不能在此登录。</translation>
    </message>
    <message>
        <source>This account is locked after too many wrong passwords. Try again in {minutes} minutes or ask an administrator.</source>
        <translation>密码错误次数过多，账号已锁定。请 {minutes} 分钟后再试，或联系管理员。</translation>
    </message>
    <message>
        <source>Wrong user name or password. The account is now locked for {minutes} minutes.</source>
        <translation>用户名或密码错误。账户现已锁定 {minutes} 分钟。</translation>
    </message>
    <message>
        <source>This computer&apos;s database account is not the {role} of this hall. An administrator creates one with: counter-app device add</source>
        <translation>本机的数据库账户不是本大厅的 {role}。管理员可用以下命令创建：counter-app device add</translation>
    </message>
    <message>
        <source>The new password must differ from the current one.</source>
        <translation>新密码必须与当前密码不同。</translation>
    </message>
    <message>
        <source>Choose the hall this account works in.</source>
        <translation>请选择此账户所在的大厅。</translation>
    </message>
    <message>
        <source>You cannot disable your own account.</source>
        <translation>不能停用您自己的账户。</translation>
    </message>
    <message>
        <source>A hall machine is a display or a kiosk.</source>
        <translation>大厅设备只能是显示屏或自助取号机。</translation>
    </message>
    <message>
        <source>The embedded database needs no machine accounts: start the display or kiosk with --hall.</source>
        <translation>内置数据库不需要设备账户：用 --hall 启动显示屏或自助取号机即可。</translation>
    </message>
    <message>
        <source>Wrong user name or password. {remaining} more tries before the account locks.</source>
        <translation>用户名或密码错误。再错 {remaining} 次账号将被锁定。</translation>
    </message>
    <message>
        <source>The user name &apos;{username}&apos; is taken.</source>
        <translation>用户名“{username}”已被占用。</translation>
    </message>
    <message>
        <source>The user name &apos;{username}&apos; is taken by another database login.</source>
        <translation>用户名“{username}”已被数据库中的另一个登录账户占用。</translation>
    </message>
    <message>
        <source>There is no user &apos;{username}&apos;.</source>
        <translation>没有用户“{username}”。</translation>
    </message>
    <message>
        <source>The catalogue file has {count} problem(s); nothing was imported.</source>
        <translation>事项目录文件有 {count} 处问题，未导入任何内容。</translation>
    </message>
    <message>
        <source>Column {column} is empty; it needs a number.</source>
        <translation>{column} 列为空，需要填写数字。</translation>
    </message>
    <message>
        <source>Column {column} must be 是 or 否, not &apos;{value}&apos;.</source>
        <translation>{column} 列必须填写“是”或“否”，而不是“{value}”。</translation>
    </message>
    <message>
        <source>Unknown kind &apos;{value}&apos;: use 行政许可, 行政确认, 公共服务, 内部审批 or 其他.</source>
        <translation>未知的事项类型“{value}”：请使用 行政许可、行政确认、公共服务、内部审批 或 其他。</translation>
    </message>
    <message>
        <source>Unknown case type &apos;{value}&apos;: use 即办件 or 承诺件.</source>
        <translation>未知的办件类型“{value}”：请使用 即办件 或 承诺件。</translation>
    </message>
    <message>
        <source>A material is marked (可容缺) but the item does not allow 容缺受理 (tolerance_acceptance).</source>
        <translation>有材料标注了“(可容缺)”，但该事项不支持容缺受理（tolerance_acceptance）。</translation>
    </message>
    <message>
        <source>A licence validity is given but no licence type.</source>
        <translation>填写了证照有效期，但没有填写证照类型。</translation>
    </message>
    <message>
        <source>Renewal on commitment needs a licence type with a validity (licence_validity_months).</source>
        <translation>延期换证承诺即办结需要有有效期的证照类型（licence_validity_months）。</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text (save it as UTF-8 CSV).</source>
        <translation>文件不是 UTF-8 文本（请另存为 UTF-8 编码的 CSV）。</translation>
    </message>
    <message>
        <source>Column {position} of the header row has no name: remove the column or name it.</source>
        <translation>表头第 {position} 列没有列名：请删除该列或为其命名。</translation>
    </message>
    <message>
        <source>The header row has an unknown column &apos;{name}&apos; (column {position}); the columns are: {columns}.</source>
        <translation>表头有未知列“{name}”（第 {position} 列）；可用的列为：{columns}。</translation>
    </message>
    <message>
        <source>The header row mixes English column names ({english}) with Chinese ones ({chinese}): use one or the other.</source>
        <translation>表头混用了英文列名（{english}）和中文列名（{chinese}）：请只用其中一种。</translation>
    </message>
    <message>
        <source>The header row lacks the column(s): {columns}.</source>
        <translation>表头缺少以下列：{columns}。</translation>
    </message>
    <message>
        <source>Unknown status &apos;{value}&apos;: use 01 有效, 02 暂扣, 03 撤销, 04 注销, 05 失效 or 07 吊销 (empty: 01).</source>
        <translation>未知状态“{value}”：请填 01 有效、02 暂扣、03 撤销、04 注销、05 失效 或 07 吊销（留空为 01）。</translation>
    </message>
    <message>
        <source>Unknown holder kind &apos;{value}&apos;: use enterprise (法人) or person (自然人), or leave it empty.</source>
        <translation>未知主体类型“{value}”：请填 enterprise（法人）或 person（自然人），或留空。</translation>
    </message>
    <message>
        <source>{column} is empty; it needs a date (YYYY-MM-DD).</source>
        <translation>{column}为空；需要日期（YYYY-MM-DD）。</translation>
    </message>
    <message>
        <source>{column} must be a date written YYYY-MM-DD, not &apos;{value}&apos;.</source>
        <translation>{column}须为 YYYY-MM-DD 格式的日期，而不是“{value}”。</translation>
    </message>
    <message>
        <source>{column}: &apos;{value}&apos; is not a real date.</source>
        <translation>{column}：“{value}”不是有效日期。</translation>
    </message>
    <message>
        <source>The identifier&apos;s type code {given} is not that of the licence type {licence_type} ({expected}).</source>
        <translation>证照标识中的类型代码 {given} 与证照类型 {licence_type} 的代码（{expected}）不符。</translation>
    </message>
    <message>
        <source>The identifier&apos;s serial must be a number from 1 to {maximum}, not {serial}.</source>
        <translation>证照标识的顺序号须为 1 至 {maximum} 的数字，而不是 {serial}。</translation>
    </message>
    <message>
        <source>The identifier has {length} characters; at most {maximum} are stored: write its serial without leading zeros.</source>
        <translation>证照标识有 {length} 个字符，最多可存 {maximum} 个：请去掉顺序号的前导零。</translation>
    </message>
    <message>
        <source>Unknown licence type &apos;{value}&apos;: an administrator must add it before importing.</source>
        <translation>未知证照类型“{value}”：须由管理员先添加该类型再导入。</translation>
    </message>
    <message>
        <source>The number {number} carries the serial {written}, but its identifier&apos;s serial is {serial}: a licence issued here later with the serial {written} would get the same number.</source>
        <translation>编号 {number} 中的序号为 {written}，但其证照标识的顺序号为 {serial}：今后本系统签发序号为 {written} 的证照会得到相同编号。</translation>
    </message>
    <message>
        <source>The licence is issued on {issued_on}, after today ({today}).</source>
        <translation>证照发证日期 {issued_on} 晚于今天（{today}）。</translation>
    </message>
    <message>
        <source>The licence is valid to {valid_to}, before it is valid from ({valid_from}).</source>
        <translation>证照有效期至 {valid_to}，早于有效期起（{valid_from}）。</translation>
    </message>
    <message>
        <source>The licence is valid to {valid_to}, before it was issued ({issued_on}).</source>
        <translation>证照有效期至 {valid_to}，早于发证日期（{issued_on}）。</translation>
    </message>
    <message>
        <source>Unknown hall &apos;{value}&apos;: use a hall&apos;s code, such as {codes}.</source>
        <translation>未知大厅“{value}”：请填写大厅代码，如 {codes}。</translation>
    </message>
    <message>
        <source>{column} is empty; it needs a hall&apos;s code, such as {codes}.</source>
        <translation>{column}为空；需要大厅代码，如 {codes}。</translation>
    </message>
    <message>
        <source>The status {status} needs its reason in {column}.</source>
        <translation>状态 {status} 须在{column}中写明原因。</translation>
    </message>
    <message>
        <source>The row has {found} fields; the header has {expected}.</source>
        <translation>该行有 {found} 个字段，表头有 {expected} 个。</translation>
    </message>
    <message>
        <source>The catalogue file has {count} problems (the first {shown} are listed); nothing was imported.</source>
        <translation>事项目录文件有 {count} 处问题（仅列出前 {shown} 处），未导入任何内容。</translation>
    </message>
    <message>
        <source>Column {column} must be a whole number from {minimum} to {maximum}, not &apos;{value}&apos;.</source>
        <translation>{column} 列必须是 {minimum} 到 {maximum} 之间的整数，而不是“{value}”。</translation>
    </message>
    <message>
        <source>An item may list at most {maximum} materials; this one lists {count}.</source>
        <translation>一个事项最多列出 {maximum} 项材料，该事项列出了 {count} 项。</translation>
    </message>
    <message>
        <source>Column {column} is empty; it needs a unit: {units}.</source>
        <translation>{column}列为空，需要填写单位：{units}。</translation>
    </message>
    <message>
        <source>Unknown unit &apos;{value}&apos; in column {column}: use {units}.</source>
        <translation>{column}列的单位“{value}”无法识别，请使用：{units}。</translation>
    </message>
    <message>
        <source>Column {column} must be empty or 0 when the unit is {unit}, not &apos;{value}&apos;.</source>
        <translation>单位为{unit}时，{column}列应为空或0，而不是“{value}”。</translation>
    </message>
    <message>
        <source>Column {column} is empty; the unit {unit} needs a number from 1 to {maximum}.</source>
        <translation>{column}列为空；单位{unit}需要1至{maximum}之间的数字。</translation>
    </message>
    <message>
        <source>Column {column} must be a whole number from 1 to {maximum} when the unit is {unit}, not &apos;{value}&apos;.</source>
        <translation>单位为{unit}时，{column}列应为1至{maximum}之间的整数，而不是“{value}”。</translation>
    </message>
    <message>
        <source>The promised limit ({promised}) is longer than the statutory limit ({statutory}).</source>
        <translation>承诺时限（{promised}）长于法定时限（{statutory}）。</translation>
    </message>
    <message>
        <source>A 即办件 (done on the spot) must promise on_the_spot (当场), not {promised}.</source>
        <translation>即办件的承诺时限应为当场办结（on_the_spot），而不是{promised}。</translation>
    </message>
    <message>
        <source>The row is longer than {limit} bytes: is a quote (&quot;) left open, or is this not a catalogue file? The rest of the file was not checked.</source>
        <translation>该行超过 {limit} 字节：是否有引号（&quot;）未闭合，或者这不是事项目录文件？文件的其余部分未检查。</translation>
    </message>
    <message>
        <source>The item code {code} is already used on line {first}.</source>
        <translation>事项编码 {code} 已在第 {first} 行使用。</translation>
    </message>
    <message>
        <source>The file has no items.</source>
        <translation>文件中没有任何事项。</translation>
    </message>
    <message>
        <source>The file is empty: it needs a header row with the column names, then the items.</source>
        <translation>文件为空：第一行应为列名表头，其后为各个事项。</translation>
    </message>
    <message>
        <source>The header row has the column {column} twice (as column {first} and column {second}).</source>
        <translation>表头中 {column} 列出现了两次（第 {first} 列和第 {second} 列）。</translation>
    </message>
    <message>
        <source>The header row mixes the earlier limit columns ({old}) with the current ones ({new}): use either statutory_limit_days and promised_limit_days alone, or {columns}.</source>
        <translation>标题行混用了旧的时限列（{old}）和新的时限列（{new}）：请只用 statutory_limit_days 和 promised_limit_days，或使用 {columns}。</translation>
    </message>
    <message>
        <source>The file is not CSV text in UTF-8 (is it a spreadsheet, or UTF-16 text?): save the catalogue as CSV UTF-8.</source>
        <translation>文件不是 UTF-8 编码的 CSV 文本（是否为电子表格或 UTF-16 文本？）：请将事项目录另存为“CSV UTF-8”格式。</translation>
    </message>
    <message>
        <source>A field of the row is longer than {limit} characters, far more than any column allows.</source>
        <translation>该行有字段超过 {limit} 个字符，远超任何列允许的长度。</translation>
    </message>
    <message>
        <source>The row has a line break (CR) inside a field without quotes: quote the field, or save the file with ordinary line endings.</source>
        <translation>该行未加引号的字段中含有换行符（CR）：请给该字段加上引号，或以常规换行格式保存文件。</translation>
    </message>
    <message>
        <source>The row is not valid CSV: {reason}.</source>
        <translation>该行不是有效的 CSV：{reason}。</translation>
    </message>
    <message>
        <source>The file {path} cannot be read: {reason}</source>
        <translation>无法读取文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>The catalogue was changed by someone else during the import; nothing was imported. Try again.</source>
        <translation>导入期间事项目录被他人修改，未导入任何内容。请重试。</translation>
    </message>
    <message>
        <source>Unknown department &apos;{department}&apos;: an administrator must add it before importing.</source>
        <translation>未知部门“{department}”：请管理员先添加该部门再导入。</translation>
    </message>
    <message>
        <source>The database already has halls; the demo is only loaded into an empty database.</source>
        <translation>数据库中已有大厅数据；演示数据只能载入空数据库。</translation>
    </message>
    <message>
        <source>Enter the unified social credit code.</source>
        <translation>请输入统一社会信用代码。</translation>
    </message>
    <message>
        <source>A unified social credit code has 18 characters; this one has {length}.</source>
        <translation>统一社会信用代码应为 18 位，当前为 {length} 位。</translation>
    </message>
    <message>
        <source>Character {position} (&apos;{char}&apos;) cannot be in a unified social credit code: only digits and capital letters, never I, O, Z, S or V.</source>
        <translation>第 {position} 位（“{char}”）不能出现在统一社会信用代码中：只能是数字和大写字母，且不含 I、O、Z、S、V。</translation>
    </message>
    <message>
        <source>The first character (&apos;{char}&apos;) is not a registration authority code of GB 32100.</source>
        <translation>第 1 位（“{char}”）不是 GB 32100 规定的登记管理部门代码。</translation>
    </message>
    <message>
        <source>The second character (&apos;{char}&apos;) is not an organisation category code: it is 1 to 9 or Y.</source>
        <translation>第 2 位（“{char}”）不是有效的机构类别代码：应为 1 至 9 或 Y。</translation>
    </message>
    <message>
        <source>Characters 3 to 8 (&apos;{division}&apos;) are not an administrative division code.</source>
        <translation>第 3 至 8 位（“{division}”）不是有效的行政区划码。</translation>
    </message>
    <message>
        <source>The check character should be {expected}, not {given}: the code was probably mistyped.</source>
        <translation>校验码应为 {expected}，而不是 {given}：代码可能录入有误。</translation>
    </message>
    <message>
        <source>Enter the ID number.</source>
        <translation>请输入身份证号码。</translation>
    </message>
    <message>
        <source>This is an old 15-digit ID number (first-generation card), which is no longer valid: ask for the current card, the 18-digit ID number is needed.</source>
        <translation>这是旧的 15 位身份证号码（第一代身份证），已不能使用：请当事人出示现行身份证，需要 18 位身份证号码。</translation>
    </message>
    <message>
        <source>An ID number has 18 characters; this one has {length}.</source>
        <translation>身份证号码应为 18 位，当前为 {length} 位。</translation>
    </message>
    <message>
        <source>Character {position} (&apos;{char}&apos;) cannot be in an ID number: 17 digits, then a digit or X.</source>
        <translation>第 {position} 位（“{char}”）不能出现在身份证号码中：前 17 位为数字，最后一位为数字或 X。</translation>
    </message>
    <message>
        <source>The first six digits (&apos;{region}&apos;) are not a region code.</source>
        <translation>前六位（“{region}”）不是有效的地址码。</translation>
    </message>
    <message>
        <source>Digits 7 to 14 (&apos;{birth}&apos;) are not a real date of birth.</source>
        <translation>第 7 至 14 位（“{birth}”）不是有效的出生日期。</translation>
    </message>
    <message>
        <source>The date of birth {birth} is in the future.</source>
        <translation>出生日期 {birth} 晚于今天。</translation>
    </message>
    <message>
        <source>The date of birth {birth} is before 1900.</source>
        <translation>出生日期 {birth} 早于 1900 年。</translation>
    </message>
    <message>
        <source>The check character should be {expected}, not {given}: the number was probably mistyped.</source>
        <translation>校验码应为 {expected}，而不是 {given}：号码可能录入有误。</translation>
    </message>
    <message>
        <source>The day {day} is not in the year {year}.</source>
        <translation>日期 {day} 不在 {year} 年内。</translation>
    </message>
    <message>
        <source>A day is listed twice.</source>
        <translation>有日期重复列出。</translation>
    </message>
    <message>
        <source>You may do this for your own hall only: {action}. The refusal has been recorded.</source>
        <translation>您只能对本大厅执行此操作：{action}。此次拒绝已记录。</translation>
    </message>
    <message>
        <source>There is no counter with id {id}.</source>
        <translation>没有编号为 {id} 的窗口。</translation>
    </message>
    <message>
        <source>Counter {number} is already closed.</source>
        <translation>{number} 号窗口已经关闭。</translation>
    </message>
    <message>
        <source>The recall cooldown must be a whole number of seconds from {low} to {high}.</source>
        <translation>重呼间隔须为 {low} 至 {high} 之间的整数秒。</translation>
    </message>
    <message>
        <source>The number of recalls must be a whole number from {low} to {high}.</source>
        <translation>重呼次数须为 {low} 至 {high} 之间的整数。</translation>
    </message>
    <message>
        <source>The display must announce each call from {low} to {high} times.</source>
        <translation>大屏每次叫号播报次数须在 {low} 至 {high} 次之间。</translation>
    </message>
    <message>
        <source>Write the notice the hall display shows.</source>
        <translation>请填写大屏显示的公告。</translation>
    </message>
    <message>
        <source>The display notice has at most {max} characters; this one has {count}.</source>
        <translation>大屏公告最多 {max} 个字符，当前为 {count} 个。</translation>
    </message>
    <message>
        <source>{day} has not begun yet: a business day can be closed from that day on.</source>
        <translation>{day} 尚未到来：营业日只能在当天或之后结束。</translation>
    </message>
    <message>
        <source>You are not signed in at counter {number}: sign in there first.</source>
        <translation>您尚未在 {number} 号窗口签到：请先签到。</translation>
    </message>
    <message>
        <source>Counter {number} is paused or closed: open it to call tickets.</source>
        <translation>{number} 号窗口已暂停或关闭：请先开启窗口再叫号。</translation>
    </message>
    <message>
        <source>The case cannot be accepted: {count} material(s) missing that may not follow later: {names}. Print the one-time notice and record the visit.</source>
        <translation>不能受理：缺少{count}项不可容缺的材料：{names}。请打印一次性告知单并登记本次来访。</translation>
    </message>
    <message>
        <source>Ticket {label} is not in hand at counter {number}: call it first.</source>
        <translation>{label}号不在{number}号窗口办理中：请先叫号。</translation>
    </message>
    <message>
        <source>The item “{item}” is no longer in the catalogue: choose its successor.</source>
        <translation>事项“{item}”已不在目录中：请选择替代事项。</translation>
    </message>
    <message>
        <source>The applicant has not signed the commitment letter: print it, have it signed, then tick “signed”.</source>
        <translation>申请人尚未签署承诺书：请打印并由申请人签字后，勾选“已签署”。</translation>
    </message>
    <message>
        <source>{applicant} is barred from the commitment route ({reason}): accept with the full materials instead.</source>
        <translation>{applicant}已被限制适用告知承诺（{reason}）：请按完整材料受理。</translation>
    </message>
    <message>
        <source>There is no ticket with id {id}.</source>
        <translation>没有编号为 {id} 的排队号。</translation>
    </message>
    <message>
        <source>Ticket {label} is {status}: this cannot be done to it now.</source>
        <translation>{label} 号当前状态为“{status}”，现在不能执行此操作。</translation>
    </message>
    <message>
        <source>Ticket {label} is not at counter {number}.</source>
        <translation>{label} 号不在 {number} 号窗口。</translation>
    </message>
    <message>
        <source>{hall} issues tickets from {opens} to {closes}; it is {now} now.</source>
        <translation>{hall} 的取号时间为 {opens} 至 {closes}，现在是 {now}。</translation>
    </message>
    <message>
        <source>An appointment ticket needs the appointment time.</source>
        <translation>预约号需要填写预约时间。</translation>
    </message>
    <message>
        <source>There is no open business line with id {id}.</source>
        <translation>没有编号为 {id} 的可用业务类别。</translation>
    </message>
    <message>
        <source>Choose why the visitor&apos;s details are recorded, or leave them out.</source>
        <translation>请选择登记办事人信息的用途，或不登记。</translation>
    </message>
    <message>
        <source>The purpose chosen does not need these details; leave them out: {fields}.</source>
        <translation>所选用途不需要以下信息，请勿填写：{fields}。</translation>
    </message>
    <message>
        <source>Only the guide desk issues priority tickets or records a visitor&apos;s details.</source>
        <translation>只有导服台可以发放优先号或登记办事人信息。</translation>
    </message>
    <message>
        <source>The line {line} does not take this kind of priority ticket.</source>
        <translation>业务类别“{line}”不受理此类优先号。</translation>
    </message>
    <message>
        <source>There is no service item with id {id}.</source>
        <translation>没有编号为 {id} 的服务事项。</translation>
    </message>
    <message>
        <source>The line {line} has issued all {cap} tickets of today. Please come back tomorrow.</source>
        <translation>业务类别“{line}”今日 {cap} 个号已全部取完，请明天再来。</translation>
    </message>
    <message>
        <source>Counter {number} is in use by someone else; they must close it first.</source>
        <translation>{number} 号窗口正由他人使用，需由其先关闭窗口。</translation>
    </message>
    <message>
        <source>You are still signed in at counter {number}: close it first.</source>
        <translation>您仍在 {number} 号窗口签到：请先关闭该窗口。</translation>
    </message>
    <message>
        <source>Finish or transfer ticket {label} before closing the counter.</source>
        <translation>关闭窗口前，请先办结或转移 {label} 号。</translation>
    </message>
    <message>
        <source>Ticket {label} is still at this counter: finish, hold or mark it no-show first.</source>
        <translation>{label} 号仍在本窗口：请先办结、挂起或标记过号。</translation>
    </message>
    <message>
        <source>Ticket {label} belongs to another hall.</source>
        <translation>{label} 号属于其他大厅。</translation>
    </message>
    <message>
        <source>This counter got a ticket meanwhile (from another computer?): finish it first.</source>
        <translation>此窗口刚刚已叫到一个号（可能来自另一台电脑）：请先办结该号。</translation>
    </message>
    <message>
        <source>Ticket {label} has been recalled {count} times already: mark it no-show.</source>
        <translation>{label} 号已重呼 {count} 次：请标记为过号。</translation>
    </message>
    <message>
        <source>Please wait {seconds} more seconds before recalling {label}.</source>
        <translation>请再等 {seconds} 秒后重呼 {label} 号。</translation>
    </message>
    <message>
        <source>The ticket changed meanwhile: look again and retry.</source>
        <translation>该号的状态刚刚发生变化：请刷新后重试。</translation>
    </message>
    <message>
        <source>Recall {label} first: a ticket is a no-show only after its last recall ({count} of {max} made).</source>
        <translation>请先重呼 {label}：重呼次数用完后才能过号（已重呼 {count}/{max} 次）。</translation>
    </message>
    <message>
        <source>Give the visitor {seconds} more seconds to come forward before marking {label} no-show.</source>
        <translation>请再给办事群众 {seconds} 秒时间前来窗口，之后才能将 {label} 过号。</translation>
    </message>
    <message>
        <source>Choose the line or the counter to transfer to.</source>
        <translation>请选择要转移到的业务类别或窗口。</translation>
    </message>
    <message>
        <source>Ticket {label} is at another clerk&apos;s counter: only that clerk or a supervisor may transfer it.</source>
        <translation>{label} 号正在另一位窗口人员的窗口办理：只有该窗口人员或值班长可以转移。</translation>
    </message>
    <message>
        <source>The target line is not an open line of this hall.</source>
        <translation>目标业务类别不是本大厅的可用业务类别。</translation>
    </message>
    <message>
        <source>The target counter is in another hall.</source>
        <translation>目标窗口属于其他大厅。</translation>
    </message>
    <message>
        <source>Counter {number} does not serve this ticket&apos;s line.</source>
        <translation>{number} 号窗口不办理该号所属的业务类别。</translation>
    </message>
    <message>
        <source>Counter {number} is closed: transfer to an open or paused counter.</source>
        <translation>{number}号窗口已关闭：请转到开放或暂停中的窗口。</translation>
    </message>
    <message>
        <source>There is no hall with id {id}.</source>
        <translation>没有编号为 {id} 的大厅。</translation>
    </message>
    <message>
        <source>There is no hall &apos;{hall}&apos;. Halls: {codes}.</source>
        <translation>没有大厅“{hall}”。现有大厅：{codes}。</translation>
    </message>
    <message>
        <source>Give the reason for closing the open tickets.</source>
        <translation>请填写关闭未办结排队号的原因。</translation>
    </message>
    <message>
        <source>There is no terminal to ask for the password of {user}: run the command in a terminal, or give the password in the environment variable {variable}.</source>
        <translation>没有终端可以询问 {user} 的密码：请在终端中运行此命令，或在环境变量 {variable} 中提供密码。</translation>
    </message>
    <message>
        <source>The two passwords differ; nothing was changed.</source>
        <translation>两次输入的密码不一致；未作任何更改。</translation>
    </message>
    <message>
        <source>The account {user} must change its password before anything else. Change your password first: counter-app passwd --user {user}</source>
        <translation>账号 {user} 须先修改密码才能进行其他操作。请先修改密码：counter-app passwd --user {user}</translation>
    </message>
    <message>
        <source>This command is for a PostgreSQL database; the embedded one has no database accounts.</source>
        <translation>此命令用于 PostgreSQL 数据库；内置数据库没有数据库账户。</translation>
    </message>
    <message>
        <source>&apos;{date}&apos; is not a date: write it as YYYY-MM-DD.</source>
        <translation>“{date}”不是日期：请按 YYYY-MM-DD 格式填写。</translation>
    </message>
    <message>
        <source>{field} is empty.</source>
        <translation>{field}为空。</translation>
    </message>
    <message>
        <source>{field} is too long: {length} characters, at most {maximum} are allowed.</source>
        <translation>{field}过长：共 {length} 个字符，最多允许 {maximum} 个字符。</translation>
    </message>
    <message>
        <source>{field} must be on one line: there is a line break ({character}) at position {position}.</source>
        <translation>{field}只能填写一行：第 {position} 个字符是换行符（{character}）。</translation>
    </message>
    <message>
        <source>{field} contains the control character {character} at position {position}; remove it.</source>
        <translation>{field}的第 {position} 个字符是控制字符 {character}，请删除。</translation>
    </message>
    <message>
        <source>{field} contains the invisible formatting character {character} at position {position}; remove it.</source>
        <translation>{field}的第 {position} 个字符是不可见的格式控制字符 {character}，请删除。</translation>
    </message>
    <message>
        <source>{field} contains the private-use character {character} at position {position}, which other computers show differently; use a standard character.</source>
        <translation>{field}的第 {position} 个字符是私用区字符 {character}，在其他电脑上显示不一致，请改用标准字符。</translation>
    </message>
    <message>
        <source>{field} contains a broken character ({character}, half of a pair) at position {position}.</source>
        <translation>{field}的第 {position} 个字符是损坏的字符（{character}，代理对的一半）。</translation>
    </message>
    <message>
        <source>{field} contains {character} at position {position}, which is not a character.</source>
        <translation>{field}的第 {position} 个字符 {character} 不是有效字符。</translation>
    </message>
    <message>
        <source>Something went wrong and the action was not completed. Details are in {path}</source>
        <translation>出现问题，操作未完成。详细信息已记录在 {path}</translation>
    </message>
    <message>
        <source>An agent needs both a name and a resident ID number.</source>
        <translation>代办人需同时填写姓名和居民身份证号码。</translation>
    </message>
    <message>
        <source>The agent is the applicant: leave the agent empty.</source>
        <translation>代办人即申请人本人：请不要填写代办人。</translation>
    </message>
    <message>
        <source>Case {number} is {status}: it cannot be {action} now.</source>
        <translation>办件{number}当前为“{status}”，现在不能{action}。</translation>
    </message>
    <message>
        <source>Case {number} still waits for {count} deferred material(s): it can be approved once they arrive.</source>
        <translation>办件{number}尚有{count}项容缺材料未补齐：补齐后方可准予。</translation>
    </message>
    <message>
        <source>The item of case {number} allows no extension of its time limit.</source>
        <translation>办件{number}所属事项不允许延长办理时限。</translation>
    </message>
    <message>
        <source>Case {number} was extended already: §42 allows one extension.</source>
        <translation>办件{number}已延期过：行政许可法第四十二条只允许延长一次。</translation>
    </message>
    <message>
        <source>Case {number} has no deferred material past its deadline.</source>
        <translation>办件{number}没有逾期未补的容缺材料。</translation>
    </message>
    <message>
        <source>The number of pages of “{material}” must be between 1 and {maximum}.</source>
        <translation>“{material}”的页数应在1至{maximum}之间。</translation>
    </message>
    <message>
        <source>Say whether “{material}” was received as the original or a copy.</source>
        <translation>请注明“{material}”收取的是原件还是复印件。</translation>
    </message>
    <message>
        <source>The materials checklist does not match the item: tick each material once.</source>
        <translation>材料清单与事项不符：每项材料请勾选一次。</translation>
    </message>
    <message>
        <source>The item “{item}” does not offer the commitment route (告知承诺).</source>
        <translation>事项“{item}”不适用告知承诺。</translation>
    </message>
    <message>
        <source>&apos;{phone}&apos; is not a phone number: give an 11-digit mobile number or a landline such as 022-25601234.</source>
        <translation>“{phone}”不是有效的电话号码：请填写11位手机号或固定电话（如 022-25601234）。</translation>
    </message>
    <message>
        <source>“{text}” cannot be printed: the printing font has no glyph for {characters}, which would come out as an empty box. Check how the text was typed.</source>
        <translation>“{text}”无法打印：打印字体中没有{characters}的字形，打印出来会是空框。请检查输入方式。</translation>
    </message>
    <message>
        <source>Give the reason: it is kept with the case and shown to the applicant.</source>
        <translation>请填写原因：原因将随办件保存并告知申请人。</translation>
    </message>
    <message>
        <source>Material {position} of case {number} is not a deferred material still awaited.</source>
        <translation>办件{number}的第{position}项材料不是待补的容缺材料。</translation>
    </message>
    <message>
        <source>Counter {id} is not one of your hall&apos;s counters.</source>
        <translation>窗口{id}不是本大厅的窗口。</translation>
    </message>
    <message>
        <source>There is no case {number}.</source>
        <translation>没有办件 {number}。</translation>
    </message>
    <message>
        <source>There is no entry {id} in this hall&apos;s register.</source>
        <translation>本大厅登记中没有第{id}条记录。</translation>
    </message>
    <message>
        <source>Entry {id} was followed up already.</source>
        <translation>第{id}条记录已跟进。</translation>
    </message>
    <message>
        <source>There is no bar {id} in force.</source>
        <translation>没有生效中的第{id}号限制。</translation>
    </message>
    <message>
        <source>Nothing was scanned: scan the QR code on the licence.</source>
        <translation>未扫描到内容：请扫描证照上的二维码。</translation>
    </message>
    <message>
        <source>This is not the QR code of a licence: it should be the identifier, a key id and a signature separated by colons.</source>
        <translation>这不是证照二维码：证照二维码应为以冒号分隔的证照标识、密钥编号和签名。</translation>
    </message>
    <message>
        <source>The QR code does not hold a valid licence identifier: it may be damaged or forged.</source>
        <translation>二维码中的证照标识无效：二维码可能已损坏或系伪造。</translation>
    </message>
    <message>
        <source>The key id in the QR code should be 8 characters of A-Z and 2-7, not “{key_id}”.</source>
        <translation>二维码中的密钥编号应为 8 位（A-Z 和 2-7），而不是“{key_id}”。</translation>
    </message>
    <message>
        <source>The signature in the QR code should be 103 characters of A-Z and 2-7; it has {length}: it may be cut short.</source>
        <translation>二维码中的签名应为 103 位（A-Z 和 2-7），现为 {length} 位：可能不完整。</translation>
    </message>
    <message>
        <source>Enter the licence identifier.</source>
        <translation>请输入证照标识。</translation>
    </message>
    <message>
        <source>A licence identifier starts with 1.2.156.3005.2. (GB/T 36904); this one starts with “{start}”.</source>
        <translation>证照标识应以 1.2.156.3005.2. 开头（GB/T 36904），此标识以“{start}”开头。</translation>
    </message>
    <message>
        <source>A licence identifier has 5 fields after 1.2.156.3005.2. (type code, issuer code, serial, version, check character), separated by dots; this one has {count}.</source>
        <translation>证照标识在 1.2.156.3005.2. 之后应有 5 段（证照类型代码、颁发机构代码、流水号、版本号、校验位），以点分隔；此标识有 {count} 段。</translation>
    </message>
    <message>
        <source>The licence type code “{code}” should have 21 characters (a credit code and 3 digits); it has {length}.</source>
        <translation>证照类型代码“{code}”应为 21 位（统一社会信用代码加 3 位数字），现为 {length} 位。</translation>
    </message>
    <message>
        <source>Characters 1 to 18 of the licence type code (“{code}”) are not a valid unified social credit code.</source>
        <translation>证照类型代码的第 1 至 18 位（“{code}”）不是有效的统一社会信用代码。</translation>
    </message>
    <message>
        <source>The licence type code must end with 3 digits, not “{number}”.</source>
        <translation>证照类型代码的最后 3 位应为数字，而不是“{number}”。</translation>
    </message>
    <message>
        <source>The issuer code “{code}” is neither an 18-character unified social credit code nor a 6-digit region code.</source>
        <translation>颁发机构代码“{code}”既不是 18 位统一社会信用代码，也不是 6 位行政区划代码。</translation>
    </message>
    <message>
        <source>The issuer code “{code}” is not a valid unified social credit code.</source>
        <translation>颁发机构代码“{code}”不是有效的统一社会信用代码。</translation>
    </message>
    <message>
        <source>The issuer code “{code}” is not an administrative region code.</source>
        <translation>颁发机构代码“{code}”不是行政区划代码。</translation>
    </message>
    <message>
        <source>The serial of a licence identifier is 1 to 20 digits, not “{serial}”.</source>
        <translation>证照标识的流水号应为 1 至 20 位数字，而不是“{serial}”。</translation>
    </message>
    <message>
        <source>The version of a licence identifier is 3 digits from 001 to 999, not “{version}”.</source>
        <translation>证照标识的版本号应为 001 至 999 的 3 位数字，而不是“{version}”。</translation>
    </message>
    <message>
        <source>The check character of the licence identifier should be {expected}, not {given}: it was probably mistyped.</source>
        <translation>证照标识的校验位应为 {expected}，而不是 {given}：可能输入有误。</translation>
    </message>
    <message>
        <source>Licence {number} is {status}: it cannot be {action} now.</source>
        <translation>证照 {number} 当前状态为“{status}”，现在不能{action}。</translation>
    </message>
    <message>
        <source>Licences of this type are not renewed on commitment: use the ordinary renewal procedure.</source>
        <translation>此类证照不适用告知承诺延续：请按一般程序办理延续。</translation>
    </message>
    <message>
        <source>This licence type is on the negative list: it cannot be renewed on commitment.</source>
        <translation>此类证照列入负面清单，不能以告知承诺方式延续。</translation>
    </message>
    <message>
        <source>Licence {number} is {status}: only a valid licence can be renewed.</source>
        <translation>证照 {number} 当前状态为“{status}”：只有有效的证照才能延续。</translation>
    </message>
    <message>
        <source>Licence {number} has already been replaced by a renewal.</source>
        <translation>证照 {number} 已因延续被新证照替换。</translation>
    </message>
    <message>
        <source>Licence {number} expired on {valid_to} and could be renewed until {closes}: apply for a new licence.</source>
        <translation>证照 {number} 已于 {valid_to} 到期，延续办理截止于 {closes}：请重新申请。</translation>
    </message>
    <message>
        <source>Renewal of licence {number} opens on {opens}, {days} days before it expires on {valid_to}.</source>
        <translation>证照 {number} 的延续申请自 {opens} 起受理（有效期于 {valid_to} 届满前 {days} 日）。</translation>
    </message>
    <message>
        <source>The applicant is not the holder of licence {number}.</source>
        <translation>申请人不是证照 {number} 的持证主体。</translation>
    </message>
    <message>
        <source>The applicant is barred from the commitment route: {reason}</source>
        <translation>申请人不适用告知承诺：{reason}</translation>
    </message>
    <message>
        <source>Licence {number} is {status}: only a valid licence is printed.</source>
        <translation>证照 {number} 已{status}：只能打印有效的证照。</translation>
    </message>
    <message>
        <source>Give the reason: it is kept with the licence.</source>
        <translation>请填写原因：原因将随证照保存。</translation>
    </message>
    <message>
        <source>There is no licence with id {id}.</source>
        <translation>没有编号为{id}的证照。</translation>
    </message>
    <message>
        <source>Licence {number} has been printed {times} time(s) already: give the reason for the reprint (补打), e.g. lost or damaged.</source>
        <translation>证照 {number} 已打印 {times} 次：请填写补打原因，如遗失或损坏。</translation>
    </message>
    <message>
        <source>Choose between 1 and {limit} licences to print at once.</source>
        <translation>一次请选择 1 至 {limit} 个证照打印。</translation>
    </message>
    <message>
        <source>Print between 1 and 5 copies.</source>
        <translation>打印份数须为 1 至 5 份。</translation>
    </message>
    <message>
        <source>No catalogue item renews the {licence_type} on commitment.</source>
        <translation>目录中没有以告知承诺方式换发{licence_type}的事项。</translation>
    </message>
    <message>
        <source>Licence {number} was renewed at another counter a moment ago.</source>
        <translation>证照{number}刚刚已在其他窗口换发。</translation>
    </message>
    <message>
        <source>The holder has not signed the commitment letter: print it, have it signed, then tick “signed”.</source>
        <translation>持证人尚未签署承诺书：请打印并由持证人签字后，勾选“已签署”。</translation>
    </message>
    <message>
        <source>There is no inspection {id} of this hall still to record.</source>
        <translation>本大厅没有待记录的第{id}号核查。</translation>
    </message>
    <message>
        <source>Licence {number} is revoked already.</source>
        <translation>证照{number}已被撤销。</translation>
    </message>
    <message>
        <source>The embedded database needs no signing agent: the client signs each licence as it issues it.</source>
        <translation>内置数据库不需要签章服务：客户端在签发证照时自行签章。</translation>
    </message>
    <message>
        <source>Verifying offline needs the holder&apos;s code and the validity as printed: --holder, --valid-from (and --valid-to).</source>
        <translation>离线核验需要证照上印制的持证主体代码和有效期：--holder、--valid-from（以及 --valid-to）。</translation>
    </message>
    <message>
        <source>{file} holds no public key: {reason}</source>
        <translation>{file} 中没有公钥：{reason}</translation>
    </message>
    <message>
        <source>Give --user to check against the register, or --keys to verify offline.</source>
        <translation>请用 --user 对照证照库核验，或用 --keys 离线核验。</translation>
    </message>
    <message>
        <source>The licence file has {count} problems (the first {shown} are listed); nothing was imported.</source>
        <translation>证照文件有 {count} 处问题（列出前 {shown} 处）；未导入任何内容。</translation>
    </message>
    <message>
        <source>The licence file has {count} problem(s); nothing was imported.</source>
        <translation>证照文件有 {count} 处问题；未导入任何内容。</translation>
    </message>
    <message>
        <source>The file is not CSV text in UTF-8 (is it a spreadsheet, or UTF-16 text?): save the licence register as CSV UTF-8.</source>
        <translation>该文件不是 UTF-8 编码的 CSV 文本（是电子表格或 UTF-16 文本吗？）：请将证照库另存为 CSV UTF-8。</translation>
    </message>
    <message>
        <source>The row is longer than {limit} bytes: is a quote (&quot;) left open, or is this not a licence register? The rest of the file was not checked.</source>
        <translation>该行超过 {limit} 字节：是否有引号（&quot;）未闭合，或这不是证照库文件？文件其余部分未检查。</translation>
    </message>
    <message>
        <source>The file has no licences.</source>
        <translation>文件中没有证照。</translation>
    </message>
    <message>
        <source>The file is empty: it needs a header row with the column names, then the licences.</source>
        <translation>文件为空：需要一行列名表头，其后为证照。</translation>
    </message>
    <message>
        <source>The identifier {identifier} is already on line {first}.</source>
        <translation>证照标识 {identifier} 已出现在第 {first} 行。</translation>
    </message>
    <message>
        <source>The serial {serial} of {licence_type} is already on line {first}.</source>
        <translation>{licence_type}的顺序号 {serial} 已出现在第 {first} 行。</translation>
    </message>
    <message>
        <source>The number {number} of {licence_type} is already on line {first}.</source>
        <translation>{licence_type}的编号 {number} 已出现在第 {first} 行。</translation>
    </message>
    <message>
        <source>The register already has a licence with the identifier {identifier}.</source>
        <translation>证照库中已有证照标识为 {identifier} 的证照。</translation>
    </message>
    <message>
        <source>The register already has a licence of {licence_type} with the serial {serial} ({number}).</source>
        <translation>证照库中已有顺序号为 {serial} 的{licence_type}（{number}）。</translation>
    </message>
    <message>
        <source>The register already has a licence of {licence_type} numbered {number}.</source>
        <translation>证照库中已有编号为 {number} 的{licence_type}。</translation>
    </message>
    <message>
        <source>The licence register was changed by someone else during the import; nothing was imported. Try again.</source>
        <translation>导入期间证照库被他人修改；未导入任何内容。请重试。</translation>
    </message>
    <message>
        <source>Licence {number} is issued but not signed yet: the signing service does not answer. Print it once the service runs again (tell the administrator: counter-app licences signer).</source>
        <translation>证照 {number} 已签发但尚未签章：签章服务无响应。请在服务恢复后再打印（请告知管理员：counter-app licences signer）。</translation>
    </message>
    <message>
        <source>No licence with this identifier is in the register: the code is not genuine.</source>
        <translation>证照库中没有此标识的证照：二维码不是真实的。</translation>
    </message>
    <message>
        <source>The signature does not match the register&apos;s holder and validity for this licence: it is forged or altered.</source>
        <translation>签名与证照库中该证照的持证主体和有效期不符：证照系伪造或被篡改。</translation>
    </message>
    <message>
        <source>The code is signed with a key this installation never used (key {key_id}): it is forged.</source>
        <translation>二维码的签名密钥（{key_id}）从未在本系统使用：系伪造。</translation>
    </message>
</context>
<context>
    <name>EventsModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>大厅</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>+{days} working days</source>
        <translation>延长{days}个工作日</translation>
    </message>
</context>
<context>
    <name>ExpiringList</name>
    <message>
        <source>Renewal window opens within</source>
        <translation>换证窗口开始于</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days} 天内</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Print selected…</source>
        <translation>打印所选…</translation>
    </message>
    <message>
        <source>Amber: the renewal window is open. Ctrl or Shift selects several to print.</source>
        <translation>橙色：已可换证。按住 Ctrl 或 Shift 可多选打印。</translation>
    </message>
    <message>
        <source>No hall chosen</source>
        <translation>未选择大厅</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>{count} licence(s)</source>
        <translation>{count} 个证照</translation>
    </message>
    <message>
        <source>, {open} may be renewed now</source>
        <translation>，其中 {open} 个现可换证</translation>
    </message>
    <message>
        <source>Print selected ({count})…</source>
        <translation>打印所选（{count}）…</translation>
    </message>
    <message>
        <source>licences expiring within {days} days {date}.csv</source>
        <translation>{days}天内到期证照 {date}.csv</translation>
    </message>
    <message>
        <source>Export the licences expiring soon</source>
        <translation>导出即将到期的证照</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>The file {path} could not be written: {problem}</source>
        <translation>无法写入文件 {path}：{problem}</translation>
    </message>
    <message>
        <source>{count} licence(s) exported to {path}</source>
        <translation>已导出 {count} 个证照到 {path}</translation>
    </message>
    <message>
        <source>{count} licence(s) printed and recorded.</source>
        <translation>已打印并登记 {count} 个证照。</translation>
    </message>
</context>
<context>
    <name>ExpiringModel</name>
    <message>
        <source>Licence number</source>
        <translation>证照编号</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>证照</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>持证主体</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Renewal opens</source>
        <translation>换证窗口开始</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>剩余天数</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days} 天</translation>
    </message>
</context>
<context>
    <name>HallChooser</name>
    <message>
        <source>Hall</source>
        <translation>大厅</translation>
    </message>
</context>
<context>
    <name>HallDayTab</name>
    <message>
        <source>Close the selected counter…</source>
        <translation>关闭所选窗口…</translation>
    </message>
    <message>
        <source>For a counter a clerk left open (their computer failed, they went home): the clerk is signed out and any ticket in hand goes back to the queue with its number and place.</source>
        <translation>用于窗口人员未关闭的窗口（电脑故障、已下班等）：签退该人员，当前号票退回队列，保留原号码和排队位置。</translation>
    </message>
    <message>
        <source>Counters</source>
        <translation>窗口状态</translation>
    </message>
    <message>
        <source>Waiting by line</source>
        <translation>各业务等候情况</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>保存设置</translation>
    </message>
    <message>
        <source>Undo changes</source>
        <translation>撤销修改</translation>
    </message>
    <message>
        <source>Queue settings</source>
        <translation>叫号设置</translation>
    </message>
    <message>
        <source>Wait before a recall</source>
        <translation>重呼间隔</translation>
    </message>
    <message>
        <source>Recalls per ticket</source>
        <translation>每号最多重呼次数</translation>
    </message>
    <message>
        <source>Display announces each call</source>
        <translation>大屏每次叫号播报次数</translation>
    </message>
    <message>
        <source>Display notice</source>
        <translation>大屏公告</translation>
    </message>
    <message>
        <source>These settings are this hall&apos;s own; other halls keep theirs. Its counters and hall displays use them from their next update, within 30 seconds at most; the time zone of the business day is set by the administrator.</source>
        <translation>这些设置仅属于本大厅，其他大厅保持各自的设置。本大厅的窗口和显示屏在下次刷新时（最多 30 秒内）生效；营业日所用时区由管理员设置。</translation>
    </message>
    <message>
        <source>This hall only; in use within 30 seconds.</source>
        <translation>仅对本大厅有效，30 秒内生效。</translation>
    </message>
    <message>
        <source>Close the business day…</source>
        <translation>结束营业日…</translation>
    </message>
    <message>
        <source>End of the business day</source>
        <translation>结束营业日</translation>
    </message>
    <message>
        <source>Closes every ticket of this hall still open, today&apos;s and any left from earlier days: waiting, called, being served, on hold and no-shows. They can no longer be called. Close the day after the last visitor has left. A scheduled job can do the same: counter-app close-day --hall CODE --user NAME</source>
        <translation>关闭本大厅所有未办结的号票（含当日及以前遗留的）：等候、已叫号、办理中、挂起和过号的号票，关闭后不能再叫号。请在最后一位办事群众离开后操作。也可由定时任务执行：counter-app close-day --hall 大厅代码 --user 用户名</translation>
    </message>
    <message>
        <source>After the last visitor has left: open tickets can no longer be called.</source>
        <translation>请在最后一位办事群众离开后操作：未办结的号票将不能再叫号。</translation>
    </message>
    <message>
        <source>No hall to supervise</source>
        <translation>没有可管理的大厅</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取……</translation>
    </message>
    <message>
        <source>{hall} · business day {date}</source>
        <translation>{hall} · 营业日 {date}</translation>
    </message>
    <message>
        <source>Counters staffed {staffed}/{total} · waiting {waiting} · done {done} · no-shows {no_shows}</source>
        <translation>在岗窗口 {staffed}/{total} · 等候 {waiting} · 已办结 {done} · 过号 {no_shows}</translation>
    </message>
    <message>
        <source>Open tickets now: {count}</source>
        <translation>当前未办结号票：{count} 张</translation>
    </message>
    <message>
        <source>Hall display {device} has not reported since {time}: it may be off or cut off from the database.</source>
        <translation>大厅显示屏 {device} 自 {time} 起未报告状态：可能已关机或与数据库断开。</translation>
    </message>
    <message>
        <source>Hall display {device} has not been able to speak the calls since {time}: they are shown, not announced.</source>
        <translation>大厅显示屏 {device} 自 {time} 起无法语音播报：叫号只显示，不播报。</translation>
    </message>
    <message>
        <source>Close {counter} now?</source>
        <translation>现在关闭{counter}吗？</translation>
    </message>
    <message>
        <source>{clerk} is signed in there ({state}) and will be signed out.</source>
        <translation>{clerk} 已在该窗口签到（{state}），将被签退。</translation>
    </message>
    <message>
        <source>Back to the queue, keeping the number and the place: {tickets}.</source>
        <translation>以下号票将退回队列，保留原号码和排队位置：{tickets}。</translation>
    </message>
    <message>
        <source>No ticket is in hand there.</source>
        <translation>该窗口没有正在处理的号票。</translation>
    </message>
    <message>
        <source>Close {counter}</source>
        <translation>关闭{counter}</translation>
    </message>
    <message>
        <source>Close the counter</source>
        <translation>关闭窗口</translation>
    </message>
    <message>
        <source>{counter} is closed.</source>
        <translation>{counter}已关闭。</translation>
    </message>
    <message>
        <source>{clerk} was signed out.</source>
        <translation>{clerk} 已签退。</translation>
    </message>
    <message>
        <source>Back in the queue: {tickets}.</source>
        <translation>已退回队列：{tickets}。</translation>
    </message>
    <message>
        <source>Any counter of their line may now call: {tickets}.</source>
        <translation>以下号票现可由同类业务的任一窗口呼叫：{tickets}。</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>设置已保存。</translation>
    </message>
    <message>
        <source>Nothing to save: the settings are as stored.</source>
        <translation>设置没有改动，无需保存。</translation>
    </message>
    <message>
        <source>Close {count} open tickets of {hall}, from {date} and earlier? They can no longer be called.</source>
        <translation>关闭{hall} {date} 及以前的 {count} 张未办结号票吗？关闭后不能再叫号。</translation>
    </message>
    <message>
        <source>Still open: {counters}. Their tickets in hand are closed too.</source>
        <translation>仍在开放的窗口：{counters}。其当前号票也将一并关闭。</translation>
    </message>
    <message>
        <source>The reason is recorded on each ticket.</source>
        <translation>原因将记录在每张号票上。</translation>
    </message>
    <message>
        <source>Close the business day</source>
        <translation>结束营业日</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>结束营业日</translation>
    </message>
    <message>
        <source>End of business day</source>
        <translation>当日营业结束</translation>
    </message>
    <message>
        <source>Business day {date} closed: {count} tickets closed.</source>
        <translation>营业日 {date} 已结束：共关闭 {count} 张号票。</translation>
    </message>
</context>
<context>
    <name>HallDisplayWindow</name>
    <message>
        <source>Hall display</source>
        <translation>大厅叫号屏</translation>
    </message>
    <message>
        <source>Connection lost, reconnecting…</source>
        <translation>连接中断，正在重连……</translation>
    </message>
    <message>
        <source>Now calling</source>
        <translation>正在叫号</translation>
    </message>
    <message>
        <source>Speech unavailable</source>
        <translation>语音播报不可用</translation>
    </message>
    <message>
        <source>Please wait for your number to be called.</source>
        <translation>请耐心等候叫号。</translation>
    </message>
    <message>
        <source>Recent calls</source>
        <translation>最近叫号</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>已转</translation>
    </message>
    <message>
        <source>Counter {number}</source>
        <translation>{number}号窗口</translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation>等候 {count} 人</translation>
    </message>
</context>
<context>
    <name>InspectionDialog</name>
    <message>
        <source>Inspection passed</source>
        <translation>核查合格</translation>
    </message>
    <message>
        <source>Inspection failed</source>
        <translation>核查不合格</translation>
    </message>
    <message>
        <source>The inspection of licence {number} ({holder}) found what was committed to. What was checked?</source>
        <translation>证照 {number}（{holder}）核查符合承诺。核查了哪些内容？</translation>
    </message>
    <message>
        <source>The inspection of licence {number} ({holder}) found that the commitment was not kept. What was found?</source>
        <translation>证照 {number}（{holder}）核查发现未履行承诺。发现了什么问题？</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>核查情况</translation>
    </message>
    <message>
        <source>A failed inspection REVOKES licence {number} (撤销) and BARS {holder} from the commitment route until an administrator lifts the bar.</source>
        <translation>核查不合格将撤销证照 {number}，并取消 {holder} 的告知承诺办理资格，直至管理员解除。</translation>
    </message>
    <message>
        <source>Revoke the licence and bar the holder</source>
        <translation>撤销证照并取消承诺资格</translation>
    </message>
    <message>
        <source>Record: passed</source>
        <translation>登记：合格</translation>
    </message>
    <message>
        <source>Record: failed</source>
        <translation>登记：不合格</translation>
    </message>
</context>
<context>
    <name>InspectionsList</name>
    <message>
        <source>Licences issued on commitment (告知承诺) are inspected afterwards. Record what the inspection found; a failed inspection revokes the licence and bars the holder from the commitment route.</source>
        <translation>告知承诺发证后须事后核查。请登记核查结果；核查不合格将撤销证照，并取消持证主体的承诺办理资格。</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Passed…</source>
        <translation>合格…</translation>
    </message>
    <message>
        <source>Failed…</source>
        <translation>不合格…</translation>
    </message>
    <message>
        <source>Open the licence</source>
        <translation>打开证照</translation>
    </message>
    <message>
        <source>Red: overdue. “(provisional)”: the due date may still move when the year&apos;s holidays are entered.</source>
        <translation>红色：已逾期。“（暂定）”：该年节假日录入后到期日可能变动。</translation>
    </message>
    <message>
        <source>No hall chosen</source>
        <translation>未选择大厅</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <source>{count} inspection(s) to record</source>
        <translation>待登记核查 {count} 项</translation>
    </message>
    <message>
        <source>, {overdue} overdue</source>
        <translation>，逾期 {overdue} 项</translation>
    </message>
    <message>
        <source>Inspection of licence {number} recorded: passed.</source>
        <translation>证照 {number} 核查已登记：合格。</translation>
    </message>
    <message>
        <source>Inspection of licence {number} recorded: failed. The licence is revoked and {holder} is barred from the commitment route.</source>
        <translation>证照 {number} 核查已登记：不合格。证照已撤销，{holder} 已被取消承诺办理资格。</translation>
    </message>
</context>
<context>
    <name>InspectionsModel</name>
    <message>
        <source>Due</source>
        <translation>到期日</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Licence number</source>
        <translation>证照编号</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>持证主体</translation>
    </message>
    <message>
        <source>The due date rests on a year whose holidays are not entered yet: it may still move.</source>
        <translation>该年节假日尚未录入，到期日可能变动。</translation>
    </message>
    <message>
        <source>{date} (provisional)</source>
        <translation>{date}（暂定）</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <source>due</source>
        <translation>待核查</translation>
    </message>
</context>
<context>
    <name>Issuing</name>
    <message>
        <source>unknown</source>
        <translation>暂无</translation>
    </message>
    <message>
        <source>about {minutes} min</source>
        <translation>约 {minutes} 分钟</translation>
    </message>
    <message>
        <source>{waiting} waiting</source>
        <translation>等候 {waiting} 人</translation>
    </message>
</context>
<context>
    <name>IssuingStation</name>
    <message>
        <source>Keys: a line&apos;s letter chooses it, 1–4 the priority, Enter issues.</source>
        <translation>快捷键：按业务类别字母选择类别，按 1–4 选择优先类别，按回车取号。</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先类别</translation>
    </message>
    <message>
        <source>Optional: type to search by name or code</source>
        <translation>可选：输入名称或编码搜索</translation>
    </message>
    <message>
        <source>No personal details</source>
        <translation>不登记个人信息</translation>
    </message>
    <message>
        <source>Name: to greet the visitor at the counter</source>
        <translation>姓名：用于窗口称呼办事人</translation>
    </message>
    <message>
        <source>Name and phone: to reach the visitor about this visit</source>
        <translation>姓名和电话：用于就本次办事联系办事人</translation>
    </message>
    <message>
        <source>Name, phone and ID number: to start the application at the counter</source>
        <translation>姓名、电话和身份证号：用于窗口受理预填</translation>
    </message>
    <message>
        <source>Optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>服务事项</translation>
    </message>
    <message>
        <source>Visitor&apos;s details</source>
        <translation>办事人信息</translation>
    </message>
    <message>
        <source>Issue a ticket: {prefix} {name} (Enter)</source>
        <translation>取号：{prefix} {name}（回车）</translation>
    </message>
    <message>
        <source>{field}: {problem}</source>
        <translation>{field}：{problem}</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>ID number</source>
        <translation>身份证号</translation>
    </message>
    <message>
        <source>Kept for the chosen purpose only; the hall display shows the name masked (张*).</source>
        <translation>仅用于所选用途；叫号屏上姓名隐去显示（张*）。</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>打印 (Ctrl+P)</translation>
    </message>
    <message>
        <source>Reprint (Ctrl+Shift+P)</source>
        <translation>补打 (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <source>Slip</source>
        <translation>排队小票</translation>
    </message>
    <message>
        <source>Business line</source>
        <translation>业务类别</translation>
    </message>
    <message>
        <source>No hall to issue tickets for</source>
        <translation>没有可取号的大厅</translation>
    </message>
    <message>
        <source>{hall}: issue queue numbers</source>
        <translation>{hall}：取号</translation>
    </message>
    <message>
        <source>{prefix} {name} · {waiting} waiting</source>
        <translation>{prefix} {name} · 等候 {waiting} 人</translation>
    </message>
    <message>
        <source>Key {key}</source>
        <translation>快捷键 {key}</translation>
    </message>
    <message>
        <source>Choose a business line</source>
        <translation>请选择业务类别</translation>
    </message>
    <message>
        <source>Choose the service item from the list, or leave it empty.</source>
        <translation>请从列表中选择服务事项，或留空。</translation>
    </message>
    <message>
        <source>Issued {label}: {ahead} ahead, wait {wait}.</source>
        <translation>已取 {label} 号：前面 {ahead} 人，预计等候 {wait}。</translation>
    </message>
    <message>
        <source>Print the slip</source>
        <translation>打印排队小票</translation>
    </message>
    <message>
        <source>Printed {label} on {printer}.</source>
        <translation>已在 {printer} 打印 {label} 号的排队小票。</translation>
    </message>
    <message>
        <source>Reprinted {label} (copy {copy}) on {printer}.</source>
        <translation>已在 {printer} 补打 {label} 号的排队小票（第 {copy} 份）。</translation>
    </message>
    <message>
        <source>The slip could not be printed: check the printer.</source>
        <translation>排队小票打印失败：请检查打印机。</translation>
    </message>
</context>
<context>
    <name>Kiosk</name>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>Unknown hall</source>
        <translation>未知大厅</translation>
    </message>
</context>
<context>
    <name>KioskScreen</name>
    <message>
        <source>Touch your business to take a number</source>
        <translation>请点击您要办理的业务取号</translation>
    </message>
    <message>
        <source>Closed now</source>
        <translation>暂停取号</translation>
    </message>
    <message>
        <source>Your number</source>
        <translation>您的号码</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Tickets are issued every day from {opens} to {closes}.</source>
        <translation>每日取号时间：{opens} 至 {closes}。</translation>
    </message>
    <message>
        <source>No tickets are issued here at the moment.</source>
        <translation>本大厅暂不提供取号。</translation>
    </message>
    <message>
        <source>Opens today at {time}.</source>
        <translation>今天 {time} 开始取号。</translation>
    </message>
    <message>
        <source>Opens tomorrow at {time}.</source>
        <translation>明天 {time} 开始取号。</translation>
    </message>
    <message>
        <source>Opens on {date} at {time}.</source>
        <translation>{date} {time} 开始取号。</translation>
    </message>
    <message>
        <source>Printing your slip…</source>
        <translation>正在打印排队小票……</translation>
    </message>
    <message>
        <source>{line} · {ahead} people ahead · wait {wait}</source>
        <translation>{line} · 前面还有 {ahead} 人 · 预计等候 {wait}</translation>
    </message>
    <message>
        <source>Please take your slip.</source>
        <translation>请取走您的排队小票。</translation>
    </message>
    <message>
        <source>No printer: please note your number.</source>
        <translation>没有打印机：请记下您的号码。</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>{hall} — take a number</source>
        <translation>{hall} — 自助取号</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>欢迎</translation>
    </message>
</context>
<context>
    <name>LicencePage</name>
    <message>
        <source>Licence</source>
        <translation>证照</translation>
    </message>
    <message>
        <source>Licence type</source>
        <translation>证照类型</translation>
    </message>
    <message>
        <source>Licence number</source>
        <translation>证照编号</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>持证主体</translation>
    </message>
    <message>
        <source>Holder type</source>
        <translation>主体类型</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>许可范围</translation>
    </message>
    <message>
        <source>Issuing authority</source>
        <translation>发证机关</translation>
    </message>
    <message>
        <source>Issued on</source>
        <translation>发证日期</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Status today</source>
        <translation>今日状态</translation>
    </message>
    <message>
        <source>Reason of the status</source>
        <translation>状态原因</translation>
    </message>
    <message>
        <source>Renewal window opens</source>
        <translation>换证窗口开始</translation>
    </message>
    <message>
        <source>From case</source>
        <translation>来源办件</translation>
    </message>
    <message>
        <source>Replaces</source>
        <translation>换发自</translation>
    </message>
    <message>
        <source>Replaced by</source>
        <translation>换发为</translation>
    </message>
    <message>
        <source>Identifier (GB/T 36904)</source>
        <translation>证照标识（GB/T 36904）</translation>
    </message>
    <message>
        <source>Prints</source>
        <translation>打印记录</translation>
    </message>
    <message>
        <source>Not printed yet.</source>
        <translation>尚未打印。</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Reprint (补打)…</source>
        <translation>补打…</translation>
    </message>
    <message>
        <source>Suspend (暂扣)…</source>
        <translation>暂扣…</translation>
    </message>
    <message>
        <source>Reinstate…</source>
        <translation>发还…</translation>
    </message>
    <message>
        <source>Revoke (撤销)…</source>
        <translation>撤销…</translation>
    </message>
    <message>
        <source>Cancel (注销)…</source>
        <translation>注销…</translation>
    </message>
    <message>
        <source>Withdraw (吊销)…</source>
        <translation>吊销…</translation>
    </message>
    <message>
        <source>There is no licence {number}.</source>
        <translation>没有编号为 {number} 的证照。</translation>
    </message>
    <message>
        <source>Licence {number}</source>
        <translation>证照 {number}</translation>
    </message>
    <message>
        <source>enterprise (credit code)</source>
        <translation>法人（统一社会信用代码）</translation>
    </message>
    <message>
        <source>person (resident ID)</source>
        <translation>自然人（居民身份证）</translation>
    </message>
    <message>
        <source>no renewal: no expiry</source>
        <translation>长期有效，无需换证</translation>
    </message>
    <message>
        <source>none (imported)</source>
        <translation>无（导入）</translation>
    </message>
    <message>
        <source>a renewal (looking it up…)</source>
        <translation>新证（正在查找…）</translation>
    </message>
    <message>
        <source>a renewal</source>
        <translation>新证</translation>
    </message>
    <message>
        <source>Licence {number}: the print was recorded.</source>
        <translation>证照 {number}：打印已登记。</translation>
    </message>
    <message>
        <source>Suspend the licence</source>
        <translation>暂扣证照</translation>
    </message>
    <message>
        <source>Suspend licence {number} (暂扣)? It is not in force until it is reinstated. The reason is kept with the licence.</source>
        <translation>暂扣证照 {number}？发还前证照不生效。原因随证照留存。</translation>
    </message>
    <message>
        <source>Suspend</source>
        <translation>暂扣</translation>
    </message>
    <message>
        <source>Reinstate the licence</source>
        <translation>发还证照</translation>
    </message>
    <message>
        <source>End the suspension of licence {number}: it is valid again.</source>
        <translation>解除证照 {number} 的暂扣，证照恢复有效。</translation>
    </message>
    <message>
        <source>Reinstate</source>
        <translation>发还</translation>
    </message>
    <message>
        <source>Revoke the licence</source>
        <translation>撤销证照</translation>
    </message>
    <message>
        <source>Revoke licence {number} (撤销, 行政许可法 §69)? The reason is kept with the licence.</source>
        <translation>撤销证照 {number}（行政许可法第六十九条）？原因随证照留存。</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Cancel the licence</source>
        <translation>注销证照</translation>
    </message>
    <message>
        <source>Cancel licence {number} (注销, 行政许可法 §70)? The reason is kept with the licence.</source>
        <translation>注销证照 {number}（行政许可法第七十条）？原因随证照留存。</translation>
    </message>
    <message>
        <source>Withdraw the licence</source>
        <translation>吊销证照</translation>
    </message>
    <message>
        <source>Withdraw licence {number} as a penalty (吊销)? The reason is kept with the licence.</source>
        <translation>吊销证照 {number}？原因随证照留存。</translation>
    </message>
    <message>
        <source>Withdraw</source>
        <translation>吊销</translation>
    </message>
    <message>
        <source>Licence {number} is now {status}.</source>
        <translation>证照 {number} 现为{status}。</translation>
    </message>
</context>
<context>
    <name>LicencePrintFlow</name>
    <message>
        <source>Printing licences</source>
        <translation>打印证照</translation>
    </message>
    <message>
        <source>Preparing {count} licences…</source>
        <translation>正在准备 {count} 个证照…</translation>
    </message>
    <message>
        <source>Preparing the licence…</source>
        <translation>正在准备证照…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Preparing licence {done} of {total}…</source>
        <translation>正在准备第 {done} 个证照，共 {total} 个…</translation>
    </message>
    <message>
        <source>Licence printing</source>
        <translation>证照打印</translation>
    </message>
    <message>
        <source>Licence {number}</source>
        <translation>证照 {number}</translation>
    </message>
    <message>
        <source> — reprint ({reason})</source>
        <translation> — 补打（{reason}）</translation>
    </message>
    <message>
        <source>{count} licences</source>
        <translation>{count} 个证照</translation>
    </message>
    <message>
        <source> — reprints ({reason})</source>
        <translation> — 补打（{reason}）</translation>
    </message>
    <message>
        <source>Printed: recording the print…</source>
        <translation>已打印：正在登记打印记录…</translation>
    </message>
    <message>
        <source>Printed and recorded.</source>
        <translation>已打印并登记。</translation>
    </message>
    <message>
        <source>{count} licences printed and recorded.</source>
        <translation>{count} 个证照已打印并登记。</translation>
    </message>
    <message>
        <source>Printed, but the print was not recorded: {reason}</source>
        <translation>已打印，但打印记录未能登记：{reason}</translation>
    </message>
</context>
<context>
    <name>LicenceResultsModel</name>
    <message>
        <source>Licence number</source>
        <translation>证照编号</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>证照</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>发证日期</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>持证主体</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Status today</source>
        <translation>今日状态</translation>
    </message>
</context>
<context>
    <name>LicenceSearch</name>
    <message>
        <source>Licence number or identifier, holder&apos;s code or name — or scan the licence&apos;s QR code; Enter to search</source>
        <translation>证照编号或标识、持证主体代码或名称，或扫描证照二维码；回车查询</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Green: valid today. Amber: suspended. Grey: replaced or expired. Red: revoked, cancelled or withdrawn. Enter or a double click opens a licence.</source>
        <translation>绿色：今日有效；橙色：暂扣；灰色：已换发或已过期；红色：已撤销、注销或吊销。回车或双击打开证照。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <source>No licence found.</source>
        <translation>未找到证照。</translation>
    </message>
    <message>
        <source>{count} licence(s) found, {valid} valid today</source>
        <translation>找到 {count} 个证照，今日有效 {valid} 个</translation>
    </message>
    <message>
        <source>There is no licence {number}.</source>
        <translation>没有编号为 {number} 的证照。</translation>
    </message>
</context>
<context>
    <name>Licences</name>
    <message>
        <source>replaced by a renewal</source>
        <translation>已换发</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>no expiry</source>
        <translation>长期有效</translation>
    </message>
    <message>
        <source>NOT GENUINE: {reason}</source>
        <translation>非真实证照：{reason}</translation>
    </message>
    <message>
        <source>Genuine — valid</source>
        <translation>真实证照 — 有效</translation>
    </message>
    <message>
        <source>Genuine — but replaced by {number}</source>
        <translation>真实证照 — 但已由 {number} 换发</translation>
    </message>
    <message>
        <source>Genuine — but expired on {date}</source>
        <translation>真实证照 — 但已于 {date} 过期</translation>
    </message>
    <message>
        <source>Genuine — but {status}</source>
        <translation>真实证照 — 但已{status}</translation>
    </message>
    <message>
        <source>reason: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <source>The register holds: {licence}</source>
        <translation>证照库记载：{licence}</translation>
    </message>
</context>
<context>
    <name>LicencesWorkspace</name>
    <message>
        <source>Find and verify</source>
        <translation>查询核验</translation>
    </message>
    <message>
        <source>Expiring soon</source>
        <translation>即将到期</translation>
    </message>
    <message>
        <source>Inspections</source>
        <translation>事后核查</translation>
    </message>
</context>
<context>
    <name>LineLoadModel</name>
    <message>
        <source>Line</source>
        <translation>业务类别</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <source>Open counters</source>
        <translation>开放窗口</translation>
    </message>
    <message>
        <source>People are waiting and no counter of this line is open.</source>
        <translation>有群众在等候，但没有开放的该业务窗口。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Log in — Government Service Hall</source>
        <translation>登录 — 政务服务大厅</translation>
    </message>
    <message>
        <source>Government Service Hall</source>
        <translation>政务服务大厅</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Demo hall: log in as admin, kg_zb (supervisor) or kg01 … kg14 (clerks) with the password {password}; you will be asked to choose your own password first.</source>
        <translation>演示大厅：以 admin、kg_zb（值班长）或 kg01 … kg14（窗口人员）登录，密码 {password}；首次登录时会要求您设置自己的密码。</translation>
    </message>
</context>
<context>
    <name>MaterialsChecklist</name>
    <message>
        <source>original</source>
        <translation>原件</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>复印件</translation>
    </message>
    <message>
        <source> p.</source>
        <translation> 页</translation>
    </message>
    <message>
        <source>Pick a service item: its materials are listed here.</source>
        <translation>选择办理事项后，此处列出其申请材料。</translation>
    </message>
    <message>
        <source>This item asks for no materials.</source>
        <translation>本事项无需提交材料。</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>已收</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料名称</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Deferred: due {date}</source>
        <translation>容缺：{date} 前补齐</translation>
    </message>
    <message>
        <source>Deferred: may follow later</source>
        <translation>容缺后补</translation>
    </message>
    <message>
        <source>Committed to</source>
        <translation>已承诺</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>received</source>
        <translation>已收取</translation>
    </message>
    <message>
        <source>deferrable</source>
        <translation>可容缺</translation>
    </message>
</context>
<context>
    <name>MaterialsModel</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材料名称</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>形式</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>页数</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>补齐期限</translation>
    </message>
    <message>
        <source>received</source>
        <translation>已收取</translation>
    </message>
    <message>
        <source>committed (告知承诺)</source>
        <translation>告知承诺</translation>
    </message>
    <message>
        <source>supplied {when}</source>
        <translation>已补齐 {when}</translation>
    </message>
    <message>
        <source>deferred (容缺): awaited</source>
        <translation>容缺待补</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>缺少</translation>
    </message>
    <message>
        <source>original</source>
        <translation>原件</translation>
    </message>
    <message>
        <source>copy</source>
        <translation>复印件</translation>
    </message>
</context>
<context>
    <name>PrintsModel</name>
    <message>
        <source>Printed</source>
        <translation>打印时间</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>大厅</translation>
    </message>
    <message>
        <source>By</source>
        <translation>打印人</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>reprint (补打)</source>
        <translation>补打</translation>
    </message>
    <message>
        <source>first print</source>
        <translation>首次打印</translation>
    </message>
</context>
<context>
    <name>Queue</name>
    <message>
        <source>Ordinary</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Appointment</source>
        <translation>预约</translation>
    </message>
    <message>
        <source>Elderly / disabled</source>
        <translation>老弱病残优先</translation>
    </message>
    <message>
        <source>Green channel</source>
        <translation>绿色通道</translation>
    </message>
    <message>
        <source>open</source>
        <translation>已开启</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
</context>
<context>
    <name>RefusalFrame</name>
    <message>
        <source>Cannot be accepted today: these materials are missing and may not follow later</source>
        <translation>本次不能受理：缺少以下材料，且不可容缺后补</translation>
    </message>
    <message>
        <source>Print the one-time notice (一次性告知单)</source>
        <translation>打印一次性告知单</translation>
    </message>
    <message>
        <source>Reason (printed on the notice and kept in the register)</source>
        <translation>原因说明（打印在告知单上并记入台账）</translation>
    </message>
    <message>
        <source>The following materials are missing: {names}</source>
        <translation>缺少以下材料：{names}</translation>
    </message>
    <message>
        <source>Recorded in the “不说NO” register (entry {id}).</source>
        <translation>已记入“不说NO”台账（第 {id} 条）。</translation>
    </message>
</context>
<context>
    <name>RenewalFlow</name>
    <message>
        <source>No licence chosen yet.</source>
        <translation>尚未选择证照。</translation>
    </message>
    <message>
        <source>Find the licence</source>
        <translation>查找证照</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Commitment</source>
        <translation>承诺</translation>
    </message>
    <message>
        <source>Issue</source>
        <translation>发证</translation>
    </message>
    <message>
        <source>Licence number, identifier, holder&apos;s code or name; or scan the QR code</source>
        <translation>证照编号、证照标识、持证主体代码或名称；或扫描二维码</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>持证主体</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>1  Find the licence</source>
        <translation>1  查找证照</translation>
    </message>
    <message>
        <source>2  Applicant (the holder)</source>
        <translation>2  申请人（持证主体）</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新核验</translation>
    </message>
    <message>
        <source>Print the notice and commitment letter (告知承诺书); the holder reads it and signs the letter.</source>
        <translation>打印告知承诺书；持证主体阅读后签署承诺书。</translation>
    </message>
    <message>
        <source>Print the notice and commitment letter</source>
        <translation>打印告知承诺书</translation>
    </message>
    <message>
        <source>The holder has signed the commitment letter</source>
        <translation>持证主体已签署承诺书</translation>
    </message>
    <message>
        <source>3  Commitment</source>
        <translation>3  告知承诺</translation>
    </message>
    <message>
        <source>Issue the new licence (Ctrl+Enter)</source>
        <translation>签发新证（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>New licence issued</source>
        <translation>新证已签发</translation>
    </message>
    <message>
        <source>Print the new licence (Ctrl+P)</source>
        <translation>打印新证（Ctrl+P）</translation>
    </message>
    <message>
        <source>Done: next visitor</source>
        <translation>完成：下一位</translation>
    </message>
    <message>
        <source>4  Issue</source>
        <translation>4  发证</translation>
    </message>
    <message>
        <source>Issue the new licence</source>
        <translation>签发新证</translation>
    </message>
    <message>
        <source>Print the new licence</source>
        <translation>打印新证</translation>
    </message>
    <message>
        <source>Licence {number} renewed</source>
        <translation>证照 {number} 已换证</translation>
    </message>
    <message>
        <source> for ticket {label}</source>
        <translation>（号票 {label}）</translation>
    </message>
    <message>
        <source>Renew a licence for ticket {label}</source>
        <translation>为号票 {label} 办理延期换证</translation>
    </message>
    <message>
        <source> (no longer in hand: Ctrl+R for the next)</source>
        <translation>（已不在办理中：按 Ctrl+R 办理下一位）</translation>
    </message>
    <message>
        <source>Renew a licence on commitment (no ticket in hand)</source>
        <translation>承诺制延期换证（无当前号票）</translation>
    </message>
    <message>
        <source>Type a licence number, identifier, holder&apos;s code or name, or scan the QR code.</source>
        <translation>请输入证照编号、证照标识、持证主体代码或名称，或扫描二维码。</translation>
    </message>
    <message>
        <source>This renewal is done: press Done (or Ctrl+R) for the next visitor.</source>
        <translation>本次换证已完成：按“完成”（或 Ctrl+R）办理下一位。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在查询…</translation>
    </message>
    <message>
        <source>No licence matches “{text}”.</source>
        <translation>没有与“{text}”相符的证照。</translation>
    </message>
    <message>
        <source>1 licence found.</source>
        <translation>找到 1 个证照。</translation>
    </message>
    <message>
        <source>{count} licences found: Down/Up to choose, Enter to pick.</source>
        <translation>找到 {count} 个证照：上下键选择，回车确定。</translation>
    </message>
    <message>
        <source>{status} (replaced)</source>
        <translation>{status}（已换发）</translation>
    </message>
    <message>
        <source>no end</source>
        <translation>长期</translation>
    </message>
    <message>
        <source>{number} · {type}
Holder: {holder} {code} · valid to {valid_to}</source>
        <translation>{number} · {type}
持证主体：{holder} {code} · 有效期至 {valid_to}</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在核验…</translation>
    </message>
    <message>
        <source>Could not check</source>
        <translation>无法核验</translation>
    </message>
    <message>
        <source>Renewal window: {opens} to {closes}</source>
        <translation>换证期限：{opens} 至 {closes}</translation>
    </message>
    <message>
        <source>New licence valid {start} to {end}</source>
        <translation>新证有效期：{start} 至 {end}</translation>
    </message>
    <message>
        <source>After issue, what the holder commits to is inspected (核查); a false commitment revokes the licence.</source>
        <translation>发证后将对承诺内容进行核查；虚假承诺将撤销证照。</translation>
    </message>
    <message>
        <source>✓ Can be renewed on commitment today</source>
        <translation>✓ 今日可承诺换证</translation>
    </message>
    <message>
        <source>✗ Cannot be renewed on commitment: {count} reason(s)</source>
        <translation>✗ 不能承诺换证：{count} 项原因</translation>
    </message>
    <message>
        <source>Eligibility</source>
        <translation>换证条件</translation>
    </message>
    <message>
        <source>Choose the licence and enter the holder&apos;s code: the renewal is checked at once.</source>
        <translation>选择证照并输入持证主体代码：系统立即核验换证条件。</translation>
    </message>
    <message>
        <source>{characters} cannot be printed: the printing font has no glyph for it. Correct the name or address first.</source>
        <translation>{characters} 无法打印：打印字体中没有该字。请先更正名称或地址。</translation>
    </message>
    <message>
        <source>Choose your counter and sign in at it (F10) first.</source>
        <translation>请先选择窗口并签到开启（F10）。</translation>
    </message>
    <message>
        <source>Find the licence and check the holder first.</source>
        <translation>请先查找证照并核验持证主体。</translation>
    </message>
    <message>
        <source>No catalogue item renews this licence type on commitment: ask the administrator.</source>
        <translation>事项目录中没有以承诺制办理此类证照换证的事项：请联系管理员。</translation>
    </message>
    <message>
        <source>Notice and commitment letter — {number}</source>
        <translation>告知承诺书 — {number}</translation>
    </message>
    <message>
        <source>Have the letter signed, then tick “signed”.</source>
        <translation>请持证主体签署承诺书，然后勾选“已签署”。</translation>
    </message>
    <message>
        <source>Signed: issue the new licence (Ctrl+Enter).</source>
        <translation>已签署：签发新证（Ctrl+Enter）。</translation>
    </message>
    <message>
        <source>Find the licence first.</source>
        <translation>请先查找证照。</translation>
    </message>
    <message>
        <source>Enter the holder&apos;s code as presented first.</source>
        <translation>请先输入持证主体出示的代码。</translation>
    </message>
    <message>
        <source>Issuing…</source>
        <translation>正在签发…</translation>
    </message>
    <message>
        <source>Valid {start} to {end}</source>
        <translation>有效期 {start} 至 {end}</translation>
    </message>
    <message>
        <source>Licence {old} is replaced by it and no longer in force.</source>
        <translation>证照 {old} 由其换发替代，不再有效。</translation>
    </message>
    <message>
        <source>Inspection (核查) due by {date}</source>
        <translation>核查期限：{date} 前</translation>
    </message>
    <message>
        <source> (provisional: that year&apos;s holidays are not known yet)</source>
        <translation>（暂定：该年度节假日尚未公布）</translation>
    </message>
    <message>
        <source>No inspection is scheduled for this licence type.</source>
        <translation>此类证照不安排事后核查。</translation>
    </message>
    <message>
        <source>Renewal case {number}</source>
        <translation>换证办件 {number}</translation>
    </message>
    <message>
        <source>✓ Renewed on commitment</source>
        <translation>✓ 已承诺换证</translation>
    </message>
    <message>
        <source>Licence {number} issued. Print it (Ctrl+P), then Done for the next visitor.</source>
        <translation>证照 {number} 已签发。请打印（Ctrl+P），然后按“完成”办理下一位。</translation>
    </message>
    <message>
        <source>Not renewed: the reasons are listed above.</source>
        <translation>未换证：原因见上方列表。</translation>
    </message>
    <message>
        <source>Licence {number} printed and recorded. Done: the next visitor.</source>
        <translation>证照 {number} 已打印并登记。完成：下一位。</translation>
    </message>
    <message>
        <source>Print again (reprint)…</source>
        <translation>再次打印（补打）…</translation>
    </message>
    <message>
        <source>This renewal is not finished: press again to discard it.</source>
        <translation>本次换证尚未完成：再按一次将放弃。</translation>
    </message>
    <message>
        <source>The new licence is not printed yet: press again to leave it unprinted (the registry can print it).</source>
        <translation>新证尚未打印：再按一次将不打印离开（可在证照库中打印）。</translation>
    </message>
    <message>
        <source>A licence renewal is half done: it is lost if you leave now.</source>
        <translation>一项延期换证尚未办完：现在离开将丢失。</translation>
    </message>
    <message>
        <source>The renewed licence {number} is not printed yet.</source>
        <translation>换发的证照 {number} 尚未打印。</translation>
    </message>
</context>
<context>
    <name>ReprintReasonDialog</name>
    <message>
        <source>Reason for the reprint</source>
        <translation>补打原因</translation>
    </message>
    <message>
        <source>Licence printed before: why is it printed again?</source>
        <translation>该证照已打印过：为什么再次打印？</translation>
    </message>
    <message>
        <source>Some of the {count} licences were printed before: why are they printed again?</source>
        <translation>这 {count} 个证照中有的已打印过：为什么再次打印？</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>遗失</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>损毁</translation>
    </message>
    <message>
        <source>Print failed</source>
        <translation>打印失败</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Details (required for “Other”)</source>
        <translation>详细说明（选“其他”时必填）</translation>
    </message>
    <message>
        <source>Print with this reason</source>
        <translation>按此原因打印</translation>
    </message>
</context>
<context>
    <name>ResultFrame</name>
    <message>
        <source>Case accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>Acceptance notice…</source>
        <translation>受理通知书……</translation>
    </message>
    <message>
        <source>Approved on the spot (即办件).</source>
        <translation>即办件，已当场办结。</translation>
    </message>
    <message>
        <source>Promised by {date}</source>
        <translation>承诺办结 {date}</translation>
    </message>
    <message>
        <source>statutory limit {date}</source>
        <translation>法定办结 {date}</translation>
    </message>
    <message>
        <source>deferred materials due {date}</source>
        <translation>容缺材料 {date} 前补齐</translation>
    </message>
    <message>
        <source>No time limit.</source>
        <translation>无办理时限。</translation>
    </message>
    <message>
        <source>Provisional — the holiday calendar of that year is not known yet.</source>
        <translation>暂定：该年度节假日安排尚未公布。</translation>
    </message>
</context>
<context>
    <name>RoleWindow</name>
    <message>
        <source>Clerk workspace</source>
        <translation>窗口工作台</translation>
    </message>
    <message>
        <source>Supervisor workspace</source>
        <translation>值班长工作台</translation>
    </message>
    <message>
        <source>Administration</source>
        <translation>系统管理</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>会话(&amp;S)</translation>
    </message>
    <message>
        <source>Change password…</source>
        <translation>修改密码…</translation>
    </message>
    <message>
        <source>Lock the window</source>
        <translation>锁定窗口</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>{name} ({username}) · database {url}</source>
        <translation>{name}（{username}）· 数据库 {url}</translation>
    </message>
    <message>
        <source>Your password has been changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <source>The function keys work on the {tab} tab (Ctrl+{number}).</source>
        <translation>功能键在“{tab}”页使用（Ctrl+{number} 切换）。</translation>
    </message>
    <message>
        <source>The function keys do nothing in this window.</source>
        <translation>本窗口不使用功能键。</translation>
    </message>
    <message>
        <source>Leave now?</source>
        <translation>现在离开？</translation>
    </message>
    <message>
        <source>Stay</source>
        <translation>留下</translation>
    </message>
    <message>
        <source>Leave anyway</source>
        <translation>仍然离开</translation>
    </message>
</context>
<context>
    <name>StatusChangeDialog</name>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>备注（可选）</translation>
    </message>
    <message>
        <source>This is final: the licence will never be valid again; the holder must apply for a new one.</source>
        <translation>此操作不可撤回：证照将永久失去效力，持证主体须重新申请。</translation>
    </message>
    <message>
        <source>I understand that this cannot be undone</source>
        <translation>我已知晓此操作不可撤回</translation>
    </message>
</context>
<context>
    <name>Terms</name>
    <message>
        <source>window clerk</source>
        <translation>窗口人员</translation>
    </message>
    <message>
        <source>supervisor</source>
        <translation>值班长</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>self-service kiosk</source>
        <translation>自助取号机</translation>
    </message>
    <message>
        <source>hall display</source>
        <translation>大厅叫号屏</translation>
    </message>
    <message>
        <source>business line</source>
        <translation>业务队列</translation>
    </message>
    <message>
        <source>counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>ticket</source>
        <translation>号</translation>
    </message>
    <message>
        <source>hall</source>
        <translation>大厅</translation>
    </message>
    <message>
        <source>confirm one&apos;s password</source>
        <translation>确认本人密码</translation>
    </message>
    <message>
        <source>change one&apos;s password</source>
        <translation>修改本人密码</translation>
    </message>
    <message>
        <source>The full name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>create staff</source>
        <translation>新增工作人员</translation>
    </message>
    <message>
        <source>reset a password</source>
        <translation>重设密码</translation>
    </message>
    <message>
        <source>unlock staff</source>
        <translation>解锁工作人员账号</translation>
    </message>
    <message>
        <source>disable or enable staff</source>
        <translation>停用或启用人员</translation>
    </message>
    <message>
        <source>change a role</source>
        <translation>变更角色</translation>
    </message>
    <message>
        <source>create a hall machine&apos;s account</source>
        <translation>创建大厅设备账户</translation>
    </message>
    <message>
        <source>store calendar year</source>
        <translation>保存年度节假日</translation>
    </message>
    <message>
        <source>The note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>The day&apos;s name</source>
        <translation>日期名称</translation>
    </message>
    <message>
        <source>Column code</source>
        <translation>code 列</translation>
    </message>
    <message>
        <source>Column name</source>
        <translation>name 列</translation>
    </message>
    <message>
        <source>Column department</source>
        <translation>department 列</translation>
    </message>
    <message>
        <source>Column kind</source>
        <translation>kind 列</translation>
    </message>
    <message>
        <source>Column case_type</source>
        <translation>case_type 列</translation>
    </message>
    <message>
        <source>Column statutory_limit</source>
        <translation>statutory_limit列</translation>
    </message>
    <message>
        <source>Column statutory_limit_unit</source>
        <translation>statutory_limit_unit列</translation>
    </message>
    <message>
        <source>Column promised_limit</source>
        <translation>promised_limit列</translation>
    </message>
    <message>
        <source>Column promised_limit_unit</source>
        <translation>promised_limit_unit列</translation>
    </message>
    <message>
        <source>Column extension_days</source>
        <translation>extension_days列</translation>
    </message>
    <message>
        <source>Column deferral_days</source>
        <translation>deferral_days列</translation>
    </message>
    <message>
        <source>Column fees</source>
        <translation>fees列</translation>
    </message>
    <message>
        <source>Column statutory_limit_days</source>
        <translation>statutory_limit_days 列</translation>
    </message>
    <message>
        <source>Column promised_limit_days</source>
        <translation>promised_limit_days 列</translation>
    </message>
    <message>
        <source>Column materials</source>
        <translation>materials 列</translation>
    </message>
    <message>
        <source>Column licence_type</source>
        <translation>licence_type 列</translation>
    </message>
    <message>
        <source>Column licence_validity_months</source>
        <translation>licence_validity_months 列</translation>
    </message>
    <message>
        <source>Column notify_commit</source>
        <translation>notify_commit 列</translation>
    </message>
    <message>
        <source>Column renew_on_commitment</source>
        <translation>renew_on_commitment 列</translation>
    </message>
    <message>
        <source>Column tolerance_acceptance</source>
        <translation>tolerance_acceptance 列</translation>
    </message>
    <message>
        <source>Column on_the_spot</source>
        <translation>on_the_spot 列</translation>
    </message>
    <message>
        <source>Column nearby</source>
        <translation>nearby 列</translation>
    </message>
    <message>
        <source>Column online</source>
        <translation>online 列</translation>
    </message>
    <message>
        <source>Column one_visit</source>
        <translation>one_visit 列</translation>
    </message>
    <message>
        <source>Column legal_basis</source>
        <translation>legal_basis 列</translation>
    </message>
    <message>
        <source>A material name</source>
        <translation>材料名称</translation>
    </message>
    <message>
        <source>import catalogue</source>
        <translation>导入事项目录</translation>
    </message>
    <message>
        <source>list service items</source>
        <translation>查看事项目录</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等候中</translation>
    </message>
    <message>
        <source>called</source>
        <translation>已叫号</translation>
    </message>
    <message>
        <source>being served</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>on hold</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>no-show</source>
        <translation>过号</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已受理</translation>
    </message>
    <message>
        <source>materials complete</source>
        <translation>材料已补齐</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>准予</translation>
    </message>
    <message>
        <source>not approved</source>
        <translation>不予</translation>
    </message>
    <message>
        <source>withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>result delivered</source>
        <translation>结果已送达</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>ended: materials overdue</source>
        <translation>逾期未补齐材料，终止</translation>
    </message>
    <message>
        <source>material supplied</source>
        <translation>补齐材料</translation>
    </message>
    <message>
        <source>extended</source>
        <translation>延期</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>送达</translation>
    </message>
    <message>
        <source>view the queue</source>
        <translation>查看排队情况</translation>
    </message>
    <message>
        <source>The visitor&apos;s name</source>
        <translation>办事人姓名</translation>
    </message>
    <message>
        <source>issue a ticket</source>
        <translation>取号</translation>
    </message>
    <message>
        <source>reprint a ticket</source>
        <translation>补打排队小票</translation>
    </message>
    <message>
        <source>view counters</source>
        <translation>查看窗口</translation>
    </message>
    <message>
        <source>open a counter</source>
        <translation>开启窗口</translation>
    </message>
    <message>
        <source>pause a counter</source>
        <translation>暂停窗口</translation>
    </message>
    <message>
        <source>close a counter</source>
        <translation>关闭窗口</translation>
    </message>
    <message>
        <source>call the next ticket</source>
        <translation>叫下一位</translation>
    </message>
    <message>
        <source>call a ticket out of order</source>
        <translation>指定叫号</translation>
    </message>
    <message>
        <source>recall a ticket</source>
        <translation>重呼</translation>
    </message>
    <message>
        <source>start service</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <source>finish service</source>
        <translation>办结</translation>
    </message>
    <message>
        <source>hold a ticket</source>
        <translation>挂起</translation>
    </message>
    <message>
        <source>resume a held ticket</source>
        <translation>恢复挂起的号</translation>
    </message>
    <message>
        <source>mark a no-show</source>
        <translation>标记过号</translation>
    </message>
    <message>
        <source>reinstate a ticket</source>
        <translation>恢复过号</translation>
    </message>
    <message>
        <source>transfer a ticket</source>
        <translation>转移</translation>
    </message>
    <message>
        <source>view a counter</source>
        <translation>查看窗口</translation>
    </message>
    <message>
        <source>view the hall display</source>
        <translation>查看大厅叫号屏</translation>
    </message>
    <message>
        <source>view an item&apos;s guide</source>
        <translation>查看办事指南</translation>
    </message>
    <message>
        <source>find an applicant</source>
        <translation>查找申请人</translation>
    </message>
    <message>
        <source>accept a case</source>
        <translation>受理办件</translation>
    </message>
    <message>
        <source>The reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>record an unmet request</source>
        <translation>登记未办结来访</translation>
    </message>
    <message>
        <source>The display notice</source>
        <translation>叫号屏公告</translation>
    </message>
    <message>
        <source>supervise a hall</source>
        <translation>管理大厅</translation>
    </message>
    <message>
        <source>close a counter left open</source>
        <translation>强制关闭窗口</translation>
    </message>
    <message>
        <source>view the queue settings</source>
        <translation>查看叫号设置</translation>
    </message>
    <message>
        <source>change the queue settings</source>
        <translation>修改叫号设置</translation>
    </message>
    <message>
        <source>close the business day</source>
        <translation>日终关闭</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>report the display&apos;s state</source>
        <translation>报告叫号屏状态</translation>
    </message>
    <message>
        <source>The detail</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Enterprise name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>Legal representative</source>
        <translation>法定代表人</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>住所（地址）</translation>
    </message>
    <message>
        <source>Contact person</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Agent&apos;s name</source>
        <translation>代办人姓名</translation>
    </message>
    <message>
        <source>print an acceptance notice</source>
        <translation>打印受理通知书</translation>
    </message>
    <message>
        <source>print a one-time notice</source>
        <translation>打印一次性告知单</translation>
    </message>
    <message>
        <source>print a commitment letter</source>
        <translation>打印告知承诺书</translation>
    </message>
    <message>
        <source>recompute provisional due dates</source>
        <translation>重新计算暂定期限</translation>
    </message>
    <message>
        <source>record a supplied material</source>
        <translation>登记补交材料</translation>
    </message>
    <message>
        <source>extend a case&apos;s time limit</source>
        <translation>延长办理时限</translation>
    </message>
    <message>
        <source>approve a case</source>
        <translation>准予办件</translation>
    </message>
    <message>
        <source>refuse a case</source>
        <translation>不予办件</translation>
    </message>
    <message>
        <source>withdraw a case</source>
        <translation>撤回办件</translation>
    </message>
    <message>
        <source>deliver a case&apos;s result</source>
        <translation>送达办理结果</translation>
    </message>
    <message>
        <source>close a case</source>
        <translation>办结办件</translation>
    </message>
    <message>
        <source>end cases with overdue materials</source>
        <translation>终止容缺材料逾期的办件</translation>
    </message>
    <message>
        <source>view a case</source>
        <translation>查看办件</translation>
    </message>
    <message>
        <source>list the zone&apos;s halls</source>
        <translation>列出全区大厅</translation>
    </message>
    <message>
        <source>search cases</source>
        <translation>查询办件</translation>
    </message>
    <message>
        <source>The follow-up</source>
        <translation>跟进情况</translation>
    </message>
    <message>
        <source>review unmet requests</source>
        <translation>查看不说NO登记</translation>
    </message>
    <message>
        <source>follow up an unmet request</source>
        <translation>跟进不说NO登记</translation>
    </message>
    <message>
        <source>bar from the commitment route</source>
        <translation>限制适用告知承诺</translation>
    </message>
    <message>
        <source>lift a bar from the commitment route</source>
        <translation>解除告知承诺限制</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>暂扣</translation>
    </message>
    <message>
        <source>revoked</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>注销</translation>
    </message>
    <message>
        <source>lapsed</source>
        <translation>失效</translation>
    </message>
    <message>
        <source>withdrawn as a penalty</source>
        <translation>吊销</translation>
    </message>
    <message>
        <source>reinstated</source>
        <translation>发还</translation>
    </message>
    <message>
        <source>find licences</source>
        <translation>查询证照</translation>
    </message>
    <message>
        <source>change a licence&apos;s status</source>
        <translation>变更证照状态</translation>
    </message>
    <message>
        <source>list licences expiring soon</source>
        <translation>列出即将到期的证照</translation>
    </message>
    <message>
        <source>check a renewal on commitment</source>
        <translation>核验延期换证承诺即办结条件</translation>
    </message>
    <message>
        <source>renew a licence on commitment</source>
        <translation>延期换证承诺即办结</translation>
    </message>
    <message>
        <source>The inspection&apos;s findings</source>
        <translation>核查情况</translation>
    </message>
    <message>
        <source>list inspections due</source>
        <translation>列出待核查事项</translation>
    </message>
    <message>
        <source>record an inspection</source>
        <translation>记录核查结果</translation>
    </message>
    <message>
        <source>Column licence_type (证照类型)</source>
        <translation>证照类型（licence_type）列</translation>
    </message>
    <message>
        <source>Column number (证照编号)</source>
        <translation>证照编号（number）列</translation>
    </message>
    <message>
        <source>Column identifier (证照标识)</source>
        <translation>证照标识（identifier）列</translation>
    </message>
    <message>
        <source>Column holder_name (持证主体)</source>
        <translation>持证主体（holder_name）列</translation>
    </message>
    <message>
        <source>Column holder_code (主体代码)</source>
        <translation>主体代码（holder_code）列</translation>
    </message>
    <message>
        <source>Column holder_kind (主体类型)</source>
        <translation>主体类型（holder_kind）列</translation>
    </message>
    <message>
        <source>Column legal_representative (法定代表人)</source>
        <translation>法定代表人（legal_representative）列</translation>
    </message>
    <message>
        <source>Column address (住所)</source>
        <translation>住所（address）列</translation>
    </message>
    <message>
        <source>Column scope (许可范围)</source>
        <translation>许可范围（scope）列</translation>
    </message>
    <message>
        <source>Column issued_on (发证日期)</source>
        <translation>发证日期（issued_on）列</translation>
    </message>
    <message>
        <source>Column valid_from (有效期起)</source>
        <translation>有效期起（valid_from）列</translation>
    </message>
    <message>
        <source>Column valid_to (有效期至)</source>
        <translation>有效期至（valid_to）列</translation>
    </message>
    <message>
        <source>Column authority (发证机关)</source>
        <translation>发证机关（authority）列</translation>
    </message>
    <message>
        <source>Column hall (大厅)</source>
        <translation>大厅（hall）列</translation>
    </message>
    <message>
        <source>Column status (证照状态)</source>
        <translation>证照状态（status）列</translation>
    </message>
    <message>
        <source>Column status_reason (状态原因)</source>
        <translation>状态原因（status_reason）列</translation>
    </message>
    <message>
        <source>export the licences expiring soon</source>
        <translation>导出即将到期的证照</translation>
    </message>
    <message>
        <source>import licences</source>
        <translation>导入证照</translation>
    </message>
    <message>
        <source>The reason for the reprint</source>
        <translation>补打原因</translation>
    </message>
    <message>
        <source>prepare a licence for printing</source>
        <translation>准备打印证照</translation>
    </message>
    <message>
        <source>prepare licences for printing</source>
        <translation>准备批量打印证照</translation>
    </message>
    <message>
        <source>record a licence print</source>
        <translation>登记证照打印</translation>
    </message>
    <message>
        <source>see a licence&apos;s prints</source>
        <translation>查看证照打印记录</translation>
    </message>
    <message>
        <source>verify a licence</source>
        <translation>核验证照</translation>
    </message>
    <message>
        <source>export the licence signing keys</source>
        <translation>导出证照签章公钥</translation>
    </message>
</context>
<context>
    <name>TicketTableModel</name>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>业务类别</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先类别</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>办事人</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Transfer {label}</source>
        <translation>转移 {label} 号</translation>
    </message>
    <message>
        <source>To another line</source>
        <translation>转到其他业务类别</translation>
    </message>
    <message>
        <source>To another counter</source>
        <translation>转到其他窗口</translation>
    </message>
    <message>
        <source>The ticket keeps its number and its place in the queue.</source>
        <translation>该号保留原号码和排队位置。</translation>
    </message>
    <message>
        <source>Only open or paused counters are offered.</source>
        <translation>仅列出开启或暂停中的窗口。</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转移</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <source>{name} ({username}): this window is locked. Enter your password to go on.</source>
        <translation>{name}（{username}）：此窗口已锁定。请输入密码继续。</translation>
    </message>
    <message>
        <source>{name} ({username}): this window locked itself after {minutes} minutes without use. Enter your password to go on.</source>
        <translation>{name}（{username}）：此窗口在 {minutes} 分钟无操作后已自动锁定。请输入密码继续。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>解锁</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
</context>
<context>
    <name>UnmetRegister</name>
    <message>
        <source>Visits that could not become a case (不说NO): call the applicant back, help them complete what was missing, and record what was done.</source>
        <translation>未能受理的诉求（不说NO）：请回访申请人，帮助其补齐所缺材料，并登记跟进情况。</translation>
    </message>
    <message>
        <source>Show entries already followed up</source>
        <translation>显示已跟进的登记</translation>
    </message>
    <message>
        <source>Follow up…</source>
        <translation>跟进…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>No hall chosen</source>
        <translation>未选择大厅</translation>
    </message>
    <message>
        <source>{count} to follow up</source>
        <translation>待跟进{count}条</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>{applicant} asked for “{item}” on {when}. What was done?</source>
        <translation>{applicant}于{when}申请办理“{item}”。跟进情况如何？</translation>
    </message>
    <message>
        <source>The visitor</source>
        <translation>来访人</translation>
    </message>
    <message>
        <source>Record the follow-up</source>
        <translation>登记跟进</translation>
    </message>
    <message>
        <source>e.g. called back on 5 May; the case was accepted as KG-20260505-0003</source>
        <translation>例如：5月5日电话回访，已受理，办件编号KG-20260505-0003</translation>
    </message>
    <message>
        <source>The follow-up was recorded.</source>
        <translation>跟进情况已登记。</translation>
    </message>
</context>
<context>
    <name>UnmetRequestsModel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>窗口人员</translation>
    </message>
    <message>
        <source>Service item</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>联系电话</translation>
    </message>
    <message>
        <source>Missing materials</source>
        <translation>所缺材料</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进情况</translation>
    </message>
    <message>
        <source>open</source>
        <translation>待跟进</translation>
    </message>
</context>
<context>
    <name>VerdictBanner</name>
    <message>
        <source>Cannot verify this code</source>
        <translation>无法核验此码</translation>
    </message>
</context>
<context>
    <name>Workspaces</name>
    <message>
        <source>Coming next to this window: waiting times per line, ratings (好差评) and statistics.</source>
        <translation>本窗口即将提供：各业务类别等候时间、好差评和统计。</translation>
    </message>
    <message>
        <source>Coming next to this window: halls, counters, business lines, staff, the holiday calendar and settings. Today the catalogue is imported with: counter-app catalogue import FILE --user NAME</source>
        <translation>本窗口即将提供：大厅、窗口、业务类别、工作人员、节假日日历和系统设置的管理。目前可用以下命令导入事项目录：counter-app catalogue import 文件 --user 用户名</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Issue tickets</source>
        <translation>取号</translation>
    </message>
    <message>
        <source>Hall</source>
        <translation>大厅</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>办件</translation>
    </message>
    <message>
        <source>Licences</source>
        <translation>证照</translation>
    </message>
    <message>
        <source>Service catalogue</source>
        <translation>政务服务事项目录</translation>
    </message>
</context>
</TS>
