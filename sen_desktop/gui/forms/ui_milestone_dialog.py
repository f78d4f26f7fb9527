# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'milestone_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QGridLayout, QHBoxLayout, QLabel,
    QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
    QPushButton, QSizePolicy, QSpacerItem, QVBoxLayout,
    QWidget)

from sen_desktop.gui.common.date_fields import MonthField

class Ui_MilestoneDialog(object):
    def setupUi(self, MilestoneDialog):
        if not MilestoneDialog.objectName():
            MilestoneDialog.setObjectName(u"MilestoneDialog")
        MilestoneDialog.resize(620, 560)
        self.main_layout = QVBoxLayout(MilestoneDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.context_label = QLabel(MilestoneDialog)
        self.context_label.setObjectName(u"context_label")
        self.context_label.setWordWrap(True)
        self.context_label.setTextFormat(Qt.TextFormat.PlainText)

        self.main_layout.addWidget(self.context_label)

        self.form_error = QLabel(MilestoneDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.fields_layout = QGridLayout()
        self.fields_layout.setObjectName(u"fields_layout")
        self.fields_layout.setHorizontalSpacing(12)
        self.fields_layout.setVerticalSpacing(4)
        self.period_label = QLabel(MilestoneDialog)
        self.period_label.setObjectName(u"period_label")

        self.fields_layout.addWidget(self.period_label, 0, 0, 1, 1)

        self.period_edit = QLineEdit(MilestoneDialog)
        self.period_edit.setObjectName(u"period_edit")
        self.period_edit.setMaxLength(100)

        self.fields_layout.addWidget(self.period_edit, 0, 1, 1, 1)

        self.period_error = QLabel(MilestoneDialog)
        self.period_error.setObjectName(u"period_error")
        self.period_error.setProperty(u"role", u"error")
        self.period_error.setWordWrap(True)

        self.fields_layout.addWidget(self.period_error, 1, 1, 1, 1)

        self.start_label = QLabel(MilestoneDialog)
        self.start_label.setObjectName(u"start_label")

        self.fields_layout.addWidget(self.start_label, 2, 0, 1, 1)

        self.start_edit = MonthField(MilestoneDialog)
        self.start_edit.setObjectName(u"start_edit")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.start_edit.sizePolicy().hasHeightForWidth())
        self.start_edit.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.start_edit, 2, 1, 1, 1)

        self.start_error = QLabel(MilestoneDialog)
        self.start_error.setObjectName(u"start_error")
        self.start_error.setProperty(u"role", u"error")
        self.start_error.setWordWrap(True)

        self.fields_layout.addWidget(self.start_error, 3, 1, 1, 1)

        self.end_label = QLabel(MilestoneDialog)
        self.end_label.setObjectName(u"end_label")

        self.fields_layout.addWidget(self.end_label, 4, 0, 1, 1)

        self.end_edit = MonthField(MilestoneDialog)
        self.end_edit.setObjectName(u"end_edit")
        sizePolicy.setHeightForWidth(self.end_edit.sizePolicy().hasHeightForWidth())
        self.end_edit.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.end_edit, 4, 1, 1, 1)

        self.end_error = QLabel(MilestoneDialog)
        self.end_error.setObjectName(u"end_error")
        self.end_error.setProperty(u"role", u"error")
        self.end_error.setWordWrap(True)

        self.fields_layout.addWidget(self.end_error, 5, 1, 1, 1)

        self.action_label = QLabel(MilestoneDialog)
        self.action_label.setObjectName(u"action_label")
        self.action_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.fields_layout.addWidget(self.action_label, 6, 0, 1, 1)

        self.action_edit = QPlainTextEdit(MilestoneDialog)
        self.action_edit.setObjectName(u"action_edit")
        self.action_edit.setMaximumSize(QSize(16777215, 110))
        self.action_edit.setTabChangesFocus(True)

        self.fields_layout.addWidget(self.action_edit, 6, 1, 1, 1)

        self.action_error = QLabel(MilestoneDialog)
        self.action_error.setObjectName(u"action_error")
        self.action_error.setProperty(u"role", u"error")
        self.action_error.setWordWrap(True)

        self.fields_layout.addWidget(self.action_error, 7, 1, 1, 1)

        self.owner_label = QLabel(MilestoneDialog)
        self.owner_label.setObjectName(u"owner_label")

        self.fields_layout.addWidget(self.owner_label, 8, 0, 1, 1)

        self.owner_combo = QComboBox(MilestoneDialog)
        self.owner_combo.setObjectName(u"owner_combo")
        sizePolicy.setHeightForWidth(self.owner_combo.sizePolicy().hasHeightForWidth())
        self.owner_combo.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.owner_combo, 8, 1, 1, 1)

        self.owner_error = QLabel(MilestoneDialog)
        self.owner_error.setObjectName(u"owner_error")
        self.owner_error.setProperty(u"role", u"error")
        self.owner_error.setWordWrap(True)

        self.fields_layout.addWidget(self.owner_error, 9, 1, 1, 1)

        self.status_label = QLabel(MilestoneDialog)
        self.status_label.setObjectName(u"status_label")

        self.fields_layout.addWidget(self.status_label, 10, 0, 1, 1)

        self.status_combo = QComboBox(MilestoneDialog)
        self.status_combo.setObjectName(u"status_combo")
        sizePolicy.setHeightForWidth(self.status_combo.sizePolicy().hasHeightForWidth())
        self.status_combo.setSizePolicy(sizePolicy)

        self.fields_layout.addWidget(self.status_combo, 10, 1, 1, 1)

        self.status_error = QLabel(MilestoneDialog)
        self.status_error.setObjectName(u"status_error")
        self.status_error.setProperty(u"role", u"error")
        self.status_error.setWordWrap(True)

        self.fields_layout.addWidget(self.status_error, 11, 1, 1, 1)

        self.links_label = QLabel(MilestoneDialog)
        self.links_label.setObjectName(u"links_label")
        self.links_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.fields_layout.addWidget(self.links_label, 12, 0, 1, 1)

        self.links_layout = QVBoxLayout()
        self.links_layout.setObjectName(u"links_layout")
        self.links_list = QListWidget(MilestoneDialog)
        self.links_list.setObjectName(u"links_list")
        self.links_list.setMaximumSize(QSize(16777215, 130))
        self.links_list.setAlternatingRowColors(True)

        self.links_layout.addWidget(self.links_list)

        self.link_buttons_layout = QHBoxLayout()
        self.link_buttons_layout.setObjectName(u"link_buttons_layout")
        self.link_meeting_button = QPushButton(MilestoneDialog)
        self.link_meeting_button.setObjectName(u"link_meeting_button")

        self.link_buttons_layout.addWidget(self.link_meeting_button)

        self.link_recommendation_button = QPushButton(MilestoneDialog)
        self.link_recommendation_button.setObjectName(u"link_recommendation_button")

        self.link_buttons_layout.addWidget(self.link_recommendation_button)

        self.link_paper_button = QPushButton(MilestoneDialog)
        self.link_paper_button.setObjectName(u"link_paper_button")

        self.link_buttons_layout.addWidget(self.link_paper_button)

        self.remove_link_button = QPushButton(MilestoneDialog)
        self.remove_link_button.setObjectName(u"remove_link_button")

        self.link_buttons_layout.addWidget(self.remove_link_button)

        self.link_buttons_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.link_buttons_layout.addItem(self.link_buttons_spacer)


        self.links_layout.addLayout(self.link_buttons_layout)


        self.fields_layout.addLayout(self.links_layout, 12, 1, 1, 1)

        self.links_error = QLabel(MilestoneDialog)
        self.links_error.setObjectName(u"links_error")
        self.links_error.setProperty(u"role", u"error")
        self.links_error.setWordWrap(True)

        self.fields_layout.addWidget(self.links_error, 13, 1, 1, 1)


        self.main_layout.addLayout(self.fields_layout)

        self.button_box = QDialogButtonBox(MilestoneDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.period_label.setBuddy(self.period_edit)
        self.start_label.setBuddy(self.start_edit)
        self.end_label.setBuddy(self.end_edit)
        self.action_label.setBuddy(self.action_edit)
        self.owner_label.setBuddy(self.owner_combo)
        self.status_label.setBuddy(self.status_combo)
        self.links_label.setBuddy(self.links_list)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.period_edit, self.start_edit)
        QWidget.setTabOrder(self.start_edit, self.end_edit)
        QWidget.setTabOrder(self.end_edit, self.action_edit)
        QWidget.setTabOrder(self.action_edit, self.owner_combo)
        QWidget.setTabOrder(self.owner_combo, self.status_combo)
        QWidget.setTabOrder(self.status_combo, self.links_list)
        QWidget.setTabOrder(self.links_list, self.link_meeting_button)
        QWidget.setTabOrder(self.link_meeting_button, self.link_recommendation_button)
        QWidget.setTabOrder(self.link_recommendation_button, self.link_paper_button)
        QWidget.setTabOrder(self.link_paper_button, self.remove_link_button)

        self.retranslateUi(MilestoneDialog)

        QMetaObject.connectSlotsByName(MilestoneDialog)
    # setupUi

    def retranslateUi(self, MilestoneDialog):
        MilestoneDialog.setWindowTitle(QCoreApplication.translate("MilestoneDialog", u"Milestone", None))
#if QT_CONFIG(accessibility)
        MilestoneDialog.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Milestone details", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.context_label.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"The milestone", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Problem saving this milestone", None))
#endif // QT_CONFIG(accessibility)
        self.period_label.setText(QCoreApplication.translate("MilestoneDialog", u"&Period:", None))
#if QT_CONFIG(accessibility)
        self.period_edit.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Period", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.period_edit.setAccessibleDescription(QCoreApplication.translate("MilestoneDialog", u"As the plan writes it, like End July 2010 or November 2010 \u2013 March 2011; the months below follow it", None))
#endif // QT_CONFIG(accessibility)
        self.period_edit.setPlaceholderText(QCoreApplication.translate("MilestoneDialog", u"As the plan writes it: \u201cEnd July 2010\u201d, \u201cNovember 2010 \u2013 March 2011\u201d", None))
#if QT_CONFIG(accessibility)
        self.period_error.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Problem with the period", None))
#endif // QT_CONFIG(accessibility)
        self.start_label.setText(QCoreApplication.translate("MilestoneDialog", u"&From (month):", None))
#if QT_CONFIG(accessibility)
        self.start_edit.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"First month of the period", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.start_edit.setToolTip(QCoreApplication.translate("MilestoneDialog", u"The month the period starts, like September 2010 or 09/2010; Up and Down move a month", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.start_error.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Problem with the first month", None))
#endif // QT_CONFIG(accessibility)
        self.end_label.setText(QCoreApplication.translate("MilestoneDialog", u"&To (month):", None))
#if QT_CONFIG(accessibility)
        self.end_edit.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Last month of the period", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(tooltip)
        self.end_edit.setToolTip(QCoreApplication.translate("MilestoneDialog", u"The month the period ends (to its last day), like March 2011 or 03/2011; Up and Down move a month", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(accessibility)
        self.end_error.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Problem with the last month", None))
#endif // QT_CONFIG(accessibility)
        self.action_label.setText(QCoreApplication.translate("MilestoneDialog", u"&Action:", None))
#if QT_CONFIG(accessibility)
        self.action_edit.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Action", None))
#endif // QT_CONFIG(accessibility)
        self.action_edit.setPlaceholderText(QCoreApplication.translate("MilestoneDialog", u"What is to be done by then", None))
#if QT_CONFIG(accessibility)
        self.action_error.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Problem with the action", None))
#endif // QT_CONFIG(accessibility)
        self.owner_label.setText(QCoreApplication.translate("MilestoneDialog", u"&Owner:", None))
#if QT_CONFIG(accessibility)
        self.owner_combo.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Owning group", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.owner_error.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Problem with the owner", None))
#endif // QT_CONFIG(accessibility)
        self.status_label.setText(QCoreApplication.translate("MilestoneDialog", u"&Status:", None))
#if QT_CONFIG(accessibility)
        self.status_combo.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Status", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.status_error.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Problem with the status", None))
#endif // QT_CONFIG(accessibility)
        self.links_label.setText(QCoreApplication.translate("MilestoneDialog", u"&Linked:", None))
#if QT_CONFIG(accessibility)
        self.links_list.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Linked meetings, recommendations and papers", None))
#endif // QT_CONFIG(accessibility)
        self.link_meeting_button.setText(QCoreApplication.translate("MilestoneDialog", u"Link &meeting\u2026", None))
#if QT_CONFIG(accessibility)
        self.link_meeting_button.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Link a meeting", None))
#endif // QT_CONFIG(accessibility)
        self.link_recommendation_button.setText(QCoreApplication.translate("MilestoneDialog", u"Link &recommendation\u2026", None))
#if QT_CONFIG(accessibility)
        self.link_recommendation_button.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Link a recommendation", None))
#endif // QT_CONFIG(accessibility)
        self.link_paper_button.setText(QCoreApplication.translate("MilestoneDialog", u"Link pap&er\u2026", None))
#if QT_CONFIG(accessibility)
        self.link_paper_button.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Link a paper", None))
#endif // QT_CONFIG(accessibility)
        self.remove_link_button.setText(QCoreApplication.translate("MilestoneDialog", u"Remo&ve link", None))
#if QT_CONFIG(accessibility)
        self.remove_link_button.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Remove the chosen link", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.links_error.setAccessibleName(QCoreApplication.translate("MilestoneDialog", u"Problem with the links", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

